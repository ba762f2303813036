"""``python -m tradewire.sim`` serves in the foreground and stops on Ctrl-C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request

from tradewire.sim import DEMO_API_KEY


def test_module_runs_until_interrupted() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "tradewire.sim", "--port", str(port)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        assert lines[0].strip() == f"BingX simulator on http://127.0.0.1:{port}"
        assert DEMO_API_KEY in lines[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/openApi/swap/v2/server/time") as response:
            assert json.load(response)["code"] == 0
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()
