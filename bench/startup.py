"""Start-up cost of the command line and the MCP server, next to bare Python measured in the same run.

Run `python bench/startup.py [N]`: best of N runs (default 7) of each row, in milliseconds, and the difference to
`bare python` (`python -c pass`): wall-clock time and the CPU time (user + system) the child process used. On a
loaded machine the CPU column is the one to compare: wall time there measures the other processes too.

The MCP rows spawn a server on stdio and time until its answer has arrived: to `initialize` (issue 18's measure:
ready in <= 500 ms), to `initialize` then `tools/list`, and to those then a first `tools/call` (`server_time`: the
call that imports the MCP SDK and starts the embedded simulator, the cost the stdio server defers). The servers are
`tradewire mcp` (no credentials, so the embedded simulator), and the MCP SDK's own minimal server with one tool (the
floor any SDK-based server starts from). The client side is plain JSON lines on the pipes, so it
costs the server nothing; a server's CPU time is read once it has exited (its shutdown after stdin closes is
included). Nothing contacts an exchange.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PY = sys.executable
TRADEWIRE = shutil.which("tradewire") or str(Path(PY).with_name("tradewire"))
MINIMAL_SERVER = '''
from mcp.server.mcpserver import MCPServer

server = MCPServer("minimal")


@server.tool()
def echo(text: str) -> str:
    """Echo the text."""
    return text


server.run("stdio")
'''
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "bench", "version": "0"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
LIST_TOOLS = {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}
FIRST_CALL = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "server_time", "arguments": {}}}


Timing = tuple[float, float]  # float ok: (wall ms, CPU ms)


def children_cpu_ms() -> float:  # float ok: milliseconds
    """User + system CPU time of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1e3


def run_ms(argv: list[str], env: dict[str, str]) -> Timing:
    """One run of a command to completion (its output discarded)."""
    cpu0 = children_cpu_ms()
    t0 = time.perf_counter_ns()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = (time.perf_counter_ns() - t0) / 1e6
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {done.returncode}")
    return elapsed, children_cpu_ms() - cpu0


def ready_ms(argv: list[str], env: dict[str, str], upto: int = 2) -> Timing:
    """Spawn an MCP server on stdio; time until its answer has arrived: to `initialize` (upto=1), then to
    `tools/list` (2), then to a first `tools/call` (3)."""
    cpu0 = children_cpu_ms()
    t0 = time.perf_counter_ns()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write((json.dumps(INITIALIZE) + "\n").encode())
        proc.stdin.flush()
        _answer(proc.stdout.readline(), 1)
        if upto >= 2:
            proc.stdin.write((json.dumps(INITIALIZED) + "\n" + json.dumps(LIST_TOOLS) + "\n").encode())
            proc.stdin.flush()
            result = _answer(proc.stdout.readline(), 2)["result"]
            if not (isinstance(result, dict) and result.get("tools")):
                raise SystemExit(f"{' '.join(argv)} listed no tools")
        if upto >= 3:
            proc.stdin.write((json.dumps(FIRST_CALL) + "\n").encode())
            proc.stdin.flush()
            result = _answer(proc.stdout.readline(), 3)["result"]
            if not isinstance(result, dict) or result.get("isError") is not False:
                raise SystemExit(f"{' '.join(argv)}: server_time failed: {result}")
        elapsed = (time.perf_counter_ns() - t0) / 1e6
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return elapsed, children_cpu_ms() - cpu0


def _answer(line: bytes, request_id: int) -> dict[str, object]:
    if not line:
        raise SystemExit("the server closed stdout before answering")
    message: dict[str, object] = json.loads(line)
    if message.get("id") != request_id or "result" not in message:
        raise SystemExit(f"unexpected answer: {line[:200]!r}")
    return message


def best(fn: Callable[[], Timing], n: int) -> Timing:
    """The best wall time and the best CPU time of n runs (each minimum on its own)."""
    fn()  # warm the file cache and the .pyc files
    runs = [fn() for _ in range(n)]
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TRADEWIRE_CONFIG": str(Path(tmp) / "absent.toml"), "COLUMNS": "100",
               "TRADEWIRE_SIM_DIR": str(Path(tmp) / "sim")}
        for var in ("BINGX_API_KEY", "BINGX_SECRET_KEY", "BINANCE_API_KEY", "BINANCE_SECRET_KEY",
                    "TRADEWIRE_BASE_URL", "TRADEWIRE_WS_URL"):
            env.pop(var, None)
        minimal = Path(tmp) / "minimal_server.py"
        minimal.write_text(MINIMAL_SERVER)
        rows: list[tuple[str, Callable[[], Timing]]] = [
            ("bare python", lambda: run_ms([PY, "-c", "pass"], env)),
            ("tradewire --help", lambda: run_ms([TRADEWIRE, "--help"], env)),
            ("tradewire book --help", lambda: run_ms([TRADEWIRE, "book", "--help"], env)),
            ("tradewire config path (a command run)", lambda: run_ms([TRADEWIRE, "config", "path"], env)),
            ("python -c 'import tradewire'", lambda: run_ms([PY, "-c", "import tradewire"], env)),
            ("tradewire mcp: initialize answered", lambda: ready_ms([TRADEWIRE, "mcp"], env, 1)),
            ("tradewire mcp: + tools/list answered", lambda: ready_ms([TRADEWIRE, "mcp"], env)),
            ("tradewire mcp: + first tools/call answered", lambda: ready_ms([TRADEWIRE, "mcp"], env, 3)),
            ("python -m tradewire.mcp: initialize answered", lambda: ready_ms([PY, "-m", "tradewire.mcp"], env, 1)),
            ("SDK minimal server: initialize answered", lambda: ready_ms([PY, str(minimal)], env, 1)),
        ]
        results = [(name, best(fn, n)) for name, fn in rows]
    bare_wall, bare_cpu = results[0][1]
    print(f"best of {n} runs, ms (shared cores: compare rows of one run, not across runs; CPU is the steadier)")
    print(f"{'':46s} {'wall':>7s} {'- bare':>7s} {'CPU':>7s} {'- bare':>7s}")
    for name, (wall, cpu) in results:
        print(f"{name:46s} {wall:7.0f} {wall - bare_wall:+7.0f} {cpu:7.0f} {cpu - bare_cpu:+7.0f}")


if __name__ == "__main__":
    main()
