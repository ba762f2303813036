"""BingX spot-trade calls beyond placing and querying orders (bingx-skills/spot-trade/api-reference.md):
commission rates, the cancel-all-after kill switch and the OCO list queries. Orders are in `trade.py`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradewire.bingx import spot_trade_models as st
from tradewire.bingx.endpoints import END, START, SYMBOL_REQ, signed
from tradewire.core.endpoint import Param
from tradewire.core.errors import ValidationError
from tradewire.core.validate import integer, one_of

KILL_SWITCH_TYPES = ("ACTIVATE", "CLOSE")


def kill_switch_rules(params: Mapping[str, Any]) -> None:
    """`timeOut` 10..120 s when activating (spot-trade api-reference: "required when type=ACTIVATE")."""
    if params.get("type") == "ACTIVATE":
        raw = params.get("timeOut")
        if raw is None or not 10 <= int(raw) <= 120:
            raise ValidationError("timeOut", "must be 10..120 seconds when type=ACTIVATE", raw)


PAGE_INDEX = Param("pageIndex", integer(1), required=True)
SPOT_COMMISSION = signed("spot.user.commissionRate", "GET", "/openApi/spot/v1/user/commissionRate",
                         st.SpotCommission, SYMBOL_REQ, limits=("uid:2/1", "ip:2/1"))
SPOT_CANCEL_ALL_AFTER = signed("spot.trade.cancelAllAfter", "POST", "/openApi/spot/v1/trade/cancelAllAfter",
                               st.CancelAllAfter, Param("type", one_of(*KILL_SWITCH_TYPES), required=True),
                               Param("timeOut", integer(0, 120), required=True), checks=(kill_switch_rules,),
                               limits=("uid:1/1", "ip:2/1"), write=True)
OCO_OPEN_LISTS = signed("spot.oco.openOrderList", "GET", "/openApi/spot/v1/oco/openOrderList", st.OcoOrders,
                        PAGE_INDEX, Param("pageSize", integer(1, 1000), required=True), limits=("uid:5/1", "ip:2/1"))
OCO_HISTORY_LISTS = signed("spot.oco.historyOrderList", "GET", "/openApi/spot/v1/oco/historyOrderList",
                           st.OcoOrders, START, END, PAGE_INDEX, Param("pageSize", integer(1, 1000), required=True),
                           limits=("uid:5/1", "ip:2/1"))
