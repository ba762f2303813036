"""The aiohttp front end: request recording, faults, rate limits, authentication, then the handler.

``build_app`` is the one place routes are added; a websocket front end joins with one line, e.g.
``app.router.add_get("/swap-market", swap_market_ws)``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware
from multidict import CIMultiDictProxy

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call, Endpoint
from tradewire.sim.bingx.cswap_ws import CSwapWs
from tradewire.sim.bingx.endpoints import ENDPOINTS, GROUP_LIMITS
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.params import Params
from tradewire.sim.bingx.ratelimit import Verdict
from tradewire.sim.bingx.replies import Reply, error
from tradewire.sim.bingx.signing import Pair, json_pairs, payload, split_pairs, verify
from tradewire.sim.bingx.spot_ws import SpotWs
from tradewire.sim.bingx.state import RecordedRequest, SimState
from tradewire.sim.bingx.ws import BingXWs
from tradewire.sim.faults import status_reply
from tradewire.sim.users import SimUser

TICK_SECONDS = 0.5  # how often the market publishes new trades to subscribers
DEFAULT_RECV_WINDOW = 5000
MAX_RECV_WINDOW = 60_000
FUTURE_TOLERANCE_MS = 1000  # a timestamp may run ahead of the server by this much
_DIGITS = re.compile(r"^[0-9]{1,16}$")
_FORM = "application/x-www-form-urlencoded"

AioHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATE = web.AppKey("state", SimState)


def _response(reply: Reply) -> web.Response:
    return web.Response(status=reply.status, body=reply.body or None, content_type=reply.content_type,
                        headers=reply.headers or None)


def _rate_headers(verdict: Verdict) -> dict[str, str]:
    return {"X-RateLimit-Requests-Remain": str(verdict.remain),
            "X-RateLimit-Requests-Expire": str(verdict.expire_ms)}


def _authenticate(state: SimState, endpoint: Endpoint, headers: CIMultiDictProxy[str], pairs: list[Pair],
                  params: Params, now: int) -> SimUser:
    """Key, then signature presence, recvWindow, timestamp and finally the HMAC itself.

    API-key endpoints (listen keys) need only the header, but a signature, when sent, must be right.
    """
    user = state.user_by_key(headers.get("X-BX-APIKEY", ""))
    if user is None:
        raise ApiError(errors.BAD_API_KEY)
    signature = params.text("signature")
    if signature is None:
        if endpoint.auth == "apikey":
            return user
        raise ApiError(errors.NULL_SIGNATURE)
    window = params.integer("recvWindow", default=DEFAULT_RECV_WINDOW, low=1, high=MAX_RECV_WINDOW)
    assert window is not None
    stamp = params.text("timestamp")
    # the age forgives the drift of a frozen or sped-up simulated clock from a client's real one (SimClock)
    if stamp is None or not _DIGITS.match(stamp) or \
            not -FUTURE_TOLERANCE_MS <= state.clock.stamp_age_ms(int(stamp), now) <= window:
        raise ApiError(errors.TIMESTAMP_ERROR)
    if not verify(user.secret_key, payload(pairs), signature):
        raise ApiError(errors.SIGNATURE_MISMATCH)
    return user


def _serve(state: SimState, endpoint: Endpoint, request: web.Request, body: bytes) -> Reply:
    """Run one catalogue endpoint; every refusal becomes the live error body."""
    base = state.clock.base_ms()
    now = base + state.clock.skew_ms  # now_ms(), at the same instant
    headers: dict[str, str] = {}
    try:
        try:
            query = split_pairs(request.rel_url.raw_query_string)
            as_form = request.method != "GET" and request.content_type in (_FORM, "application/octet-stream")
            form = body.decode() if as_form else ""
            form_pairs = split_pairs(form) if form else []
            if request.method != "GET" and request.content_type == "application/json" and body:
                form_pairs = json_pairs(body)
        except UnicodeDecodeError as exc:
            raise ApiError(errors.PARAM_ERROR, "parameters must be UTF-8") from exc
        values: dict[str, str] = {}
        for pair in form_pairs:
            values.setdefault(pair.key, pair.value)
        for pair in reversed(query):  # the query string wins over the body, its first occurrence over later
            values[pair.key] = pair.value
        params = Params(values, errors.SWAP_PARAM_ERROR if endpoint.swap else errors.PARAM_ERROR)
        if state.rate_limits and endpoint.group is not None:
            scopes = [((request.remote, endpoint.group, n), limit)
                      for n, limit in enumerate(GROUP_LIMITS[endpoint.group])]
            verdict = state.limiter.take(scopes, base)
            headers = _rate_headers(verdict)
            if not verdict.allowed:
                raise ApiError(errors.RATE_LIMITED)
        user = None
        if endpoint.auth != "none":
            user = _authenticate(state, endpoint, request.headers, query + form_pairs, params, now)
            if state.rate_limits and endpoint.uid_limit is not None:
                verdict = state.limiter.take([((user.uid, endpoint.method, endpoint.path), endpoint.uid_limit)],
                                             base)
                headers = _rate_headers(verdict)
                if not verdict.allowed:
                    raise ApiError(errors.RATE_LIMITED)
        with state.lock:
            state.market.advance(now)
            reply = endpoint.handler(Call(state, params, user, now))
    except ApiError as exc:
        reply = error(exc.code, exc.msg, now, exc.status)
    if not headers:
        return reply
    return Reply(reply.status, reply.body, reply.content_type, {**reply.headers, **headers})


def _route(state: SimState, endpoint: Endpoint) -> AioHandler:
    async def handle(request: web.Request) -> web.StreamResponse:
        return _response(_serve(state, endpoint, request, await request.read()))

    return handle


def _front_door(state: SimState) -> Middleware:
    """Record every request, apply a pending fault, and answer unknown paths the BingX way."""

    async def dispatch(request: web.Request, handler: AioHandler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPMethodNotAllowed:
            reply = error(errors.PATH_METHOD_ERROR, "api method is not supported", state.clock.now_ms())
        except web.HTTPNotFound:
            reply = error(errors.PARAM_ERROR, "this api is not exist", state.clock.now_ms())
        return _response(reply)

    @web.middleware
    async def middleware(request: web.Request, handler: AioHandler) -> web.StreamResponse:
        body = await request.read()
        state.record(RecordedRequest(request.method, request.path, request.rel_url.raw_query_string, body,
                                     dict(request.headers)))
        fault = state.faults.take(request.path)
        if fault is None:
            return await dispatch(request, handler)
        if fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            return await dispatch(request, handler)
        if fault.kind == "reset":
            if request.transport is not None:
                request.transport.close()
            return web.Response()  # never delivered: the connection is gone
        if fault.kind == "code":
            return _response(error(fault.code, fault.msg, state.clock.now_ms(), fault.status or 200))
        if fault.execute:  # the request takes effect; only its answer is lost
            await dispatch(request, handler)
        return _response(status_reply(fault.status, state.clock.now_ms()))

    return middleware


async def _publish_trades(app: web.Application) -> AsyncIterator[None]:
    """Background task: let the market publish trades as simulated time passes."""
    state: SimState = app[STATE]

    async def loop() -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            with state.lock:
                state.market.advance(state.clock.now_ms())

    task = asyncio.create_task(loop())
    yield
    task.cancel()



def build_app(state: SimState, bingx_ws: BingXWs | None = None) -> web.Application:
    """The simulator's web application: every catalogue endpoint behind the front door, and the
    websockets on ``/swap-market`` (``bingx_ws``, a new one when None) and ``/market`` (spot)."""
    app = web.Application(middlewares=[_front_door(state)])
    app[STATE] = state
    for endpoint in ENDPOINTS:
        app.router.add_route(endpoint.method, endpoint.path, _route(state, endpoint))
    app.cleanup_ctx.append(_publish_trades)
    (bingx_ws or BingXWs(state)).install(app)
    SpotWs(state).install(app)
    CSwapWs(state).install(app)
    return app
