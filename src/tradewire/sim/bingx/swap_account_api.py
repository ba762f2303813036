"""Swap account endpoints: balance, positions, fee rates, income and its Excel export."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.accounts import IncomeRow
from tradewire.sim.bingx.calls import Call, fmt, fmt4
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT, inputs, position_views, summary
from tradewire.sim.bingx.replies import XLSX_TYPE, Reply, ok
from tradewire.sim.bingx.trading import settled
from tradewire.sim.bingx.xlsx import workbook
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import DAY

INCOME_TYPES = ("TRANSFER", "REALIZED_PNL", "FUNDING_FEE", "TRADING_FEE", "INSURANCE_CLEAR", "TRIAL_FUND", "ADL",
                "SYSTEM_DEDUCTION", "GTD_PRICE")
EXPORT_TYPES = ("REALIZED_PNL", "FUNDING_FEE", "TRADING_FEE", "INSURANCE_CLEAR", "TRIAL_FUND", "ADL",
                "SYSTEM_DEDUCTION")
DEFAULT_SPAN = 7 * DAY
RETENTION = 90 * DAY
MARGIN_ASSETS = ("USDT", "USDC")


def _listed_symbol(call: Call) -> str | None:
    symbol = call.params.symbol()
    if symbol is not None and symbol not in call.state.market.contracts:
        raise ApiError(errors.SYMBOL_NOT_EXIST, f"symbol {symbol} does not exist")
    return symbol


def balance(call: Call) -> Reply:
    """GET /openApi/swap/v3/user/balance: a list, one row per margin asset; unused assets are empty strings.
    The body is built again only when what it shows changed (`perp.inputs`, the other assets, open orders)."""
    state, uid = call.state, call.uid
    user = call.user
    assert user is not None
    perp = settled(state, call.now).perp
    frozen = perp.reserved(uid)
    key = (user.user_id, frozen, inputs(state.ledger, state.book, state.market, uid, call.now),
           tuple((state.ledger.used(uid, ACCOUNT, a), state.ledger.balance(uid, ACCOUNT, a)) for a in MARGIN_ASSETS))
    body: bytes | None = state.book.derived.get(("balance", uid), key)
    if body is None:
        body = state.book.derived.put(("balance", uid), key, ok(_balance_rows(call, user.user_id, frozen)).body)
    return Reply(body=body)


def _balance_rows(call: Call, user_id: str, frozen: Decimal) -> list[Json]:
    state, uid = call.state, call.uid
    rows: list[Json] = []
    for asset in MARGIN_ASSETS:
        if not state.ledger.used(uid, ACCOUNT, asset):
            rows.append({"userId": "", "asset": asset, "balance": "", "equity": "", "unrealizedProfit": "",
                         "realisedProfit": "0", "availableMargin": "", "usedMargin": "", "freezedMargin": "",
                         "shortUid": uid})
            continue
        s = summary(state.ledger, state.book, state.market, uid, asset, call.now,
                    frozen if asset == "USDT" else Decimal(0))
        rows.append({"userId": user_id, "asset": asset, "balance": fmt4(s.balance), "equity": fmt4(s.equity),
                     "unrealizedProfit": fmt4(s.unrealized), "realisedProfit": fmt4(s.realised),
                     "availableMargin": fmt4(s.available), "usedMargin": fmt4(s.used_margin),
                     "freezedMargin": fmt4(s.frozen), "shortUid": uid})
    return rows


def positions(call: Call) -> Reply:
    """GET /openApi/swap/v2/user/positions; liquidationPrice is a JSON number, as live."""
    symbol = _listed_symbol(call)
    state = call.state
    settled(state, call.now)
    rows: list[Json] = []
    for v in position_views(state.ledger, state.book, state.market, call.uid, call.now):
        p = v.position
        if symbol is not None and p.symbol != symbol:
            continue
        c = state.market.contracts[p.symbol]
        margin = v.initial_margin + v.unrealized if p.isolated else v.initial_margin
        rows.append({
            "positionId": p.position_id, "symbol": p.symbol, "currency": "USDT",
            "positionAmt": fmt(p.amount), "availableAmt": fmt(p.amount), "positionSide": p.side,
            "isolated": p.isolated, "avgPrice": fmt(p.avg_price), "initialMargin": fmt4(v.initial_margin),
            "margin": fmt4(margin), "leverage": p.leverage, "unrealizedProfit": fmt4(v.unrealized),
            "realisedProfit": fmt4(v.realised), "liquidationPrice": v.liquidation,
            "pnlRatio": fmt4(v.unrealized / v.initial_margin),
            "maxMarginReduction": fmt4(max(p.added_margin, Decimal(0)) if p.isolated else Decimal(0)),
            "riskRate": fmt4(v.value * 4 / 1000 / margin) if margin > 0 else "0.0000",
            "markPrice": fmt(v.mark.quantize(c.tick)), "positionValue": fmt4(v.value),
            "onlyOnePosition": True, "updateTime": p.open_time,
        })
    return ok(rows)


def commission_rate(call: Call) -> Reply:
    """GET /openApi/swap/v2/user/commissionRate; the rates are JSON numbers, as live."""
    taker, maker = call.state.book.commission[call.uid]
    return ok({"commission": {"takerCommissionRate": taker, "makerCommissionRate": maker}})


def _income_rows(call: Call, types: tuple[str, ...]) -> list[IncomeRow]:
    """Rows by symbol/incomeType/time. No range: the last 7 days. Rows older than 3 months are gone.
    More rows than ``limit``: the first ones from startTime if given, else the latest ones."""
    symbol = _listed_symbol(call)
    settled(call.state, call.now)
    income_type = call.params.enum("incomeType", types)
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=100, low=1, high=1000)
    assert limit is not None
    low = call.now - DEFAULT_SPAN if start is None and end is None else start or 0
    low = max(low, call.now - RETENTION)
    high = end if end is not None else call.now
    rows = [r for r in call.state.book.income.get(call.uid, [])
            if low <= r.time <= high and (symbol is None or r.symbol == symbol)
            and (income_type is None or r.income_type == income_type) and r.income_type in types]
    return rows[:limit] if start is not None else rows[-limit:]


def income(call: Call) -> Reply:
    """GET /openApi/swap/v2/user/income: ascending by time; tranId and tradeId are strings."""
    return ok([{"symbol": r.symbol, "incomeType": r.income_type, "income": fmt(r.income), "asset": r.asset,
                "info": r.info, "time": r.time, "tranId": r.tran_id, "tradeId": r.trade_id}
               for r in _income_rows(call, INCOME_TYPES)])


def income_export(call: Call) -> Reply:
    """GET /openApi/swap/v2/user/income/export: the same rows as an .xlsx file (errors stay JSON)."""
    header = ["Time(UTC)", "Symbol", "Type", "Amount", "Asset", "Info", "Transaction ID"]
    rows = [header] + [
        [datetime.fromtimestamp(r.time / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S"), r.symbol, r.income_type,
         fmt(r.income), r.asset, r.info, r.tran_id]
        for r in _income_rows(call, EXPORT_TYPES)
    ]
    return Reply(body=workbook("Fund flow", rows), content_type=XLSX_TYPE,
                 headers={"Content-Disposition": 'attachment; filename="fund_flow.xlsx"'})
