"""What a handler answers: status, body and headers, plus the BingX envelopes."""

from __future__ import annotations

from dataclasses import dataclass, field

from tradewire.sim.jsonenc import Json, dumps

JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer before it becomes an aiohttp response."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)


def ok(data: Json, *, debug_msg: bool = False) -> Reply:
    """``{"code":0,"msg":"",["debugMsg":"",]"data":...}``."""
    envelope: dict[str, Json] = {"code": 0, "msg": ""}
    if debug_msg:
        envelope["debugMsg"] = ""
    envelope["data"] = data
    return Reply(body=dumps(envelope))


def bare(value: Json, status: int = 200) -> Reply:
    """A JSON body without the envelope (listen key, transfer history)."""
    return Reply(status=status, body=dumps(value))


def error(code: int, msg: str, now: int, status: int = 200) -> Reply:
    """``{"code":...,"msg":...,"timestamp":...}`` with no ``data``, as the live server sends errors."""
    return Reply(status=status, body=dumps({"code": code, "msg": msg, "timestamp": now}))
