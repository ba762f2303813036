"""Package metadata: the version comes from the installed distribution."""

from importlib.metadata import version

import tradewire


def test_version_is_the_installed_metadata() -> None:
    assert tradewire.__version__ == version("tradewire")
    assert tradewire.__version__.count(".") >= 2
