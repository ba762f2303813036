"""mkdocs hooks: the reference pages are generated from the code before every build."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def on_pre_build(config: Any) -> None:
    """Write docs/reference/cli.md and docs/reference/endpoints.md from the commands and the catalogues."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tools")]
    import docs_reference

    docs_reference.write()


#: the clients whose every public method must be in the API reference: (module, class, page)
DOCUMENTED = (("tradewire.bingx.client", "BingX", "api/bingx/index.html"),
              ("tradewire.binance.client", "Binance", "api/binance/index.html"))


def on_post_build(config: Any) -> None:
    """Fail the build when a public client method has no entry in the API reference."""
    import importlib

    for module, name, page in DOCUMENTED:
        cls = getattr(importlib.import_module(module), name)
        html = (Path(config["site_dir"]) / page).read_text()
        public = [m for m in dir(cls) if not m.startswith("_") and callable(getattr(cls, m))]
        missing = [m for m in public if f'id="{module}.{name}.{m}"' not in html]
        if missing:
            raise RuntimeError(f"{page}: no entry for {name}.{', '.join(missing)}")
