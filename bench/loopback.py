"""A minimal loopback HTTP server in a child process, so client timings don't share its GIL."""

from __future__ import annotations

import multiprocessing as mp
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

BALANCE = (b'{"code":0,"msg":"","data":[{"userId":"123","asset":"USDT","balance":"300.0000","equity":"300.0000",'
           b'"unrealizedProfit":"0.0000","realisedProfit":"0","availableMargin":"300.0000","usedMargin":"0.0000",'
           b'"freezedMargin":"0.0000","shortUid":"123"}]}')


def _serve(port: int) -> None:
    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        if request.path.endswith("/server/time"):
            body = b'{"code":0,"msg":"","data":{"serverTime":%d}}' % (time.time_ns() // 1_000_000)
            return web.Response(body=body, content_type="application/json")
        return web.Response(body=BALANCE, content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(serve: Callable[[int], None] = _serve) -> Iterator[str]:
    """Run `serve(port)` (the BingX balance server by default) on a free port in its own process; yields the base
    URL once it accepts connections."""
    port = free_port()
    proc = mp.get_context("spawn").Process(target=serve, args=(port,), daemon=True)
    proc.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.join(5)
