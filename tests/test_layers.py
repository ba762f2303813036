"""The layering of DESIGN.md: `mcp` and `cli` side by side over `app`; neither imports the other, `app` neither."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tradewire"


def imported(package: str) -> dict[str, set[str]]:
    """Every module each file of `package` imports (at any depth: lazy imports count too)."""
    found: dict[str, set[str]] = {}
    for path in sorted((SRC / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
        found[str(path.relative_to(SRC))] = names
    return found


def offenders(package: str, *forbidden: str) -> dict[str, list[str]]:
    return {f: sorted(n for n in names if n.startswith(forbidden)) for f, names in imported(package).items()
            if any(n.startswith(forbidden) for n in names)}


def test_mcp_imports_no_cli() -> None:
    assert imported("mcp") and offenders("mcp", "tradewire.cli") == {}


def test_app_imports_neither_cli_nor_mcp() -> None:
    assert imported("app") and offenders("app", "tradewire.cli", "tradewire.mcp") == {}


def test_cli_imports_mcp_only_to_start_it() -> None:
    assert offenders("cli", "tradewire.mcp") == {"cli/mcp_command.py": ["tradewire.mcp.run",
                                                                        "tradewire.mcp.run.serve"]}


def test_the_mcp_server_loads_no_cli_module() -> None:
    probe = "import json, sys\nimport tradewire.mcp.server\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert [m for m in json.loads(out.stdout.splitlines()[-1]) if m.startswith("tradewire.cli")] == []
