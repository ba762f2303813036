"""Typed BingX spot account pushes (bingx-skills/spot-ws-account/api-reference.md): money is `Decimal`, ids `str`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from msgspec import field

from tradewire.bingx.ws_models import AccountUpdate, ListenKeyExpired, UnknownEvent, decode_account_event
from tradewire.core.codec import Id, blank_to_null, decoder


class ExecutionReport(msgspec.Struct, kw_only=True):
    """``spot.executionReport``: a spot order was created, filled (partly) or cancelled."""

    event: str = field(name="e")
    event_time: int = field(name="E")
    symbol: str = field(name="s")
    side: str = field(name="S")
    type: str = field(name="o")
    quantity: Decimal | None = field(default=None, name="q")
    price: Decimal | None = field(default=None, name="p")
    execution_type: str = field(name="x")
    status: str = field(name="X")
    order_id: Id = field(name="i")
    client_order_id: str | None = field(default=None, name="c")
    last_filled_quantity: Decimal | None = field(default=None, name="l")
    filled_quantity: Decimal | None = field(default=None, name="z")
    last_filled_price: Decimal | None = field(default=None, name="L")
    fee: Decimal | None = field(default=None, name="n")
    fee_asset: str | None = field(default=None, name="N")
    trade_time: int | None = field(default=None, name="T")


class _Report(msgspec.Struct):
    data: ExecutionReport


SpotAccountEvent = ExecutionReport | AccountUpdate | ListenKeyExpired | UnknownEvent
_REPORT = decoder(_Report)
_KEY = b'"dataType":"spot.executionReport"'


def decode_spot_account_event(raw: bytes) -> SpotAccountEvent:
    """One spot account frame: ``{"dataType":"spot.executionReport","data":{...}}`` or an ``ACCOUNT_UPDATE`` /
    ``listenKeyExpired`` event at the top level; anything else comes back as `UnknownEvent`."""
    if _KEY in raw:
        report: ExecutionReport = _REPORT.decode(blank_to_null(raw)).data
        return report
    event = decode_account_event(raw)
    if isinstance(event, AccountUpdate | ListenKeyExpired | UnknownEvent):
        return event
    return UnknownEvent(event=event.event, raw=decoder(dict[str, Any]).decode(raw))
