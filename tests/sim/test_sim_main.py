"""``python -m tradewire.sim`` serves in the foreground and stops on Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request

from tradewire.sim import DEMO_API_KEY


def test_module_runs_until_interrupted() -> None:
    # --port 0, the port read from the banner: one picked here and freed could be taken by a parallel test
    process = subprocess.Popen([sys.executable, "-m", "tradewire.sim", "--port", "0"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        found = re.fullmatch(r"BingX simulator on http://127\.0\.0\.1:(\d+)", lines[0].strip())
        assert found and int(found[1]) > 0, lines
        port = int(found[1])
        assert DEMO_API_KEY in lines[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/openApi/swap/v2/server/time") as response:
            assert json.load(response)["code"] == 0
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()
