"""USD-M futures account and settings handlers: account/balance/positionRisk (v2 and v3), leverage,
margin type, position mode, Multi-Assets mode, isolated position margin, commission, leverage brackets,
income and user trades, shaped as binance-usdm-endpoints.json describes them.

Margins follow the user's leverage (`FuturesState.leverage_of`, which `Futures` also uses), the
maintenance margin the brackets of `fapi_state`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.exchange import f8
from tradewire.sim.binance.fapi_market import _contract, px, qty
from tradewire.sim.binance.fapi_state import BRACKETS, FuturesState, maint_margin, max_notional
from tradewire.sim.binance.futures import CONTRACTS, WALLET
from tradewire.sim.binance.wire import ApiError, Call

D = Decimal
INCOME_TYPES = ("TRANSFER", "WELCOME_BONUS", "REALIZED_PNL", "FUNDING_FEE", "COMMISSION", "INSURANCE_CLEAR",
                "REFERRAL_KICKBACK", "COMMISSION_REBATE", "API_REBATE", "CONTEST_REWARD", "CROSS_COLLATERAL_TRANSFER",
                "OPTIONS_PREMIUM_FEE", "OPTIONS_SETTLE_PROFIT", "INTERNAL_TRANSFER", "AUTO_EXCHANGE",
                "DELIVERED_SETTELMENT", "COIN_SWAP_DEPOSIT", "COIN_SWAP_WITHDRAW", "POSITION_LIMIT_INCREASE_FEE")


def st(c: Call) -> FuturesState:
    return c.ex.fstate


def _position(c: Call, symbol: str, side: str = "BOTH") -> dict[str, Any]:
    """The figures of one position: positionSide BOTH in one-way mode, LONG or SHORT in hedge mode (the open
    orders' margin is counted on the BOTH or LONG row)."""
    f, s = c.ex.futures, st(c)
    p = f.position(c.uid, symbol, side)
    mark = f.mark(symbol)
    notional = p.amt * mark
    lev = s.leverage_of(c.uid, symbol)
    im = abs(notional) / lev
    open_im = sum((o.price * (o.qty - o.executed) / lev for o in f.open_orders(c.uid, symbol) if not o.closing),
                  D(0)) if side != "SHORT" else D(0)
    upnl = (mark - p.entry) * p.amt
    iso = s.isolated_wallet(c.uid, symbol, side)
    return {"p": p, "mark": mark, "notional": notional, "lev": lev, "im": im, "open_im": open_im, "upnl": upnl,
            "mm": maint_margin(symbol, abs(notional)), "iso": iso, "isolated": s.isolated(c.uid, symbol)}


def _symbols_held(c: Call, symbol: str | None = None) -> list[str]:
    """Symbols where the user has a position or an open order (what v3 lists)."""
    f = c.ex.futures
    held = {s for (u, s, _), p in f.positions.items() if u == c.uid and p.amt}
    held |= {o.symbol for o in f.open_orders(c.uid)}
    return sorted(s for s in held if symbol in (None, s))


def _totals(c: Call) -> dict[str, Decimal]:
    f = c.ex.futures
    wallet = f.wallet(c.uid)
    rows = [_position(c, s, ps) for s in CONTRACTS for ps in st(c).sides(c.uid)]
    upnl = sum((r["upnl"] for r in rows), D(0))
    cross_upnl = sum((r["upnl"] for r in rows if not r["isolated"]), D(0))
    pos_im = sum((r["im"] for r in rows), D(0))
    open_im = sum((r["open_im"] for r in rows), D(0))
    mm = sum((r["mm"] for r in rows), D(0))
    iso = sum((r["iso"] for r in rows), D(0))
    available = f.available(c.uid)
    return {"wallet": wallet, "upnl": upnl, "cross_upnl": cross_upnl, "pos_im": pos_im, "open_im": open_im,
            "mm": mm, "cross_wallet": wallet - iso, "available": available, "max": max(D(0), min(wallet, available))}


def _asset(c: Call, t: dict[str, Decimal], now: int) -> dict[str, Any]:
    return {"asset": "USDT", "walletBalance": f8(t["wallet"]), "unrealizedProfit": f8(t["upnl"]),
            "marginBalance": f8(t["wallet"] + t["upnl"]), "maintMargin": f8(t["mm"]),
            "initialMargin": f8(t["pos_im"] + t["open_im"]), "positionInitialMargin": f8(t["pos_im"]),
            "openOrderInitialMargin": f8(t["open_im"]), "crossWalletBalance": f8(t["cross_wallet"]),
            "crossUnPnl": f8(t["cross_upnl"]), "availableBalance": f8(t["available"]),
            "maxWithdrawAmount": f8(t["max"]), "updateTime": now}


def account_v3(c: Call) -> Any:
    t, now = _totals(c), c.ex.clock.now_ms()
    positions = []
    for s, ps in _rows(c, _symbols_held(c)):
        r = _position(c, s, ps)
        if not r["p"].amt:
            continue
        positions.append({"symbol": s, "positionSide": ps, "positionAmt": qty(CONTRACTS[s], r["p"].amt),
                          "unrealizedProfit": f8(r["upnl"]), "isolatedMargin": f8(r["iso"] + r["upnl"] if r["iso"]
                                                                                  else D(0)),
                          "notional": f8(r["notional"]), "isolatedWallet": f8(r["iso"]), "initialMargin": f8(r["im"]),
                          "maintMargin": f8(r["mm"]), "updateTime": r["p"].update_time})
    return {"totalInitialMargin": f8(t["pos_im"] + t["open_im"]), "totalMaintMargin": f8(t["mm"]),
            "totalWalletBalance": f8(t["wallet"]), "totalUnrealizedProfit": f8(t["upnl"]),
            "totalMarginBalance": f8(t["wallet"] + t["upnl"]), "totalPositionInitialMargin": f8(t["pos_im"]),
            "totalOpenOrderInitialMargin": f8(t["open_im"]), "totalCrossWalletBalance": f8(t["cross_wallet"]),
            "totalCrossUnPnl": f8(t["cross_upnl"]), "availableBalance": f8(t["available"]),
            "maxWithdrawAmount": f8(t["max"]), "assets": [_asset(c, t, now)], "positions": positions}


def account_v2(c: Call) -> Any:
    """The v2 account: v3's figures plus the per-symbol leverage/isolated fields, every symbol listed."""
    out = account_v3(c)
    out = {"feeTier": 0, "feeBurn": False, "canDeposit": True, "canWithdraw": True, "canTrade": True,
           "updateTime": 0, "multiAssetsMargin": st(c).multi_assets.get(c.uid, False), "tradeGroupId": -1, **out}
    out["assets"][0]["marginAvailable"] = True
    rows = []
    for s, ps in _rows(c, list(CONTRACTS)):
        r = _position(c, s, ps)
        rows.append({"symbol": s, "initialMargin": f8(r["im"] + r["open_im"]), "maintMargin": f8(r["mm"]),
                     "unrealizedProfit": f8(r["upnl"]), "positionInitialMargin": f8(r["im"]),
                     "openOrderInitialMargin": f8(r["open_im"]), "leverage": str(r["lev"]),
                     "isolated": r["isolated"], "entryPrice": f8(r["p"].entry),
                     "breakEvenPrice": f8(r["p"].entry), "maxNotional": f"{max_notional(s, r['lev']):f}",
                     "bidNotional": "0", "askNotional": "0", "positionSide": ps,
                     "positionAmt": qty(CONTRACTS[s], r["p"].amt), "updateTime": r["p"].update_time})
    out["positions"] = rows
    return out


def balance(c: Call) -> Any:
    t = _totals(c)
    used = c.ex.ledger.used(c.uid, WALLET, "USDT")
    return [{"accountAlias": "SgsR", "asset": "USDT", "balance": f8(t["wallet"]),
             "crossWalletBalance": f8(t["cross_wallet"]), "crossUnPnl": f8(t["cross_upnl"]),
             "availableBalance": f8(t["available"]), "maxWithdrawAmount": f8(t["max"]), "marginAvailable": True,
             "updateTime": c.ex.clock.now_ms() if used else 0}]


def _rows(c: Call, symbols: list[str]) -> list[tuple[str, str]]:
    """(symbol, positionSide) of each row listed: one per symbol, two (LONG, SHORT) in hedge mode."""
    return [(s, ps) for s in symbols for ps in st(c).sides(c.uid)]


def _risk_row(c: Call, s: str, v3: bool, ps: str = "BOTH") -> dict[str, Any]:
    r = _position(c, s, ps)
    k, p = CONTRACTS[s], r["p"]
    liq = _liquidation_price(c, s, r)
    row: dict[str, Any] = {"symbol": s, "positionSide": ps, "positionAmt": qty(k, p.amt),
                           "entryPrice": f8(p.entry), "breakEvenPrice": f8(p.entry), "markPrice": f8(r["mark"]),
                           "unRealizedProfit": f8(r["upnl"]), "liquidationPrice": f8(liq),
                           "isolatedMargin": f8(r["iso"] + r["upnl"] if r["iso"] else D(0)),
                           "notional": f8(r["notional"]), "marginAsset": "USDT", "isolatedWallet": f8(r["iso"])}
    if v3:
        row.update({"initialMargin": f8(r["im"] + r["open_im"]), "maintMargin": f8(r["mm"]),
                    "positionInitialMargin": f8(r["im"]), "openOrderInitialMargin": f8(r["open_im"]), "adl": 0,
                    "bidNotional": "0", "askNotional": "0", "updateTime": p.update_time})
    else:
        row.update({"leverage": str(r["lev"]), "maxNotionalValue": f"{max_notional(s, r['lev']):f}",
                    "marginType": "isolated" if r["isolated"] else "cross", "isAutoAddMargin": "false",
                    "updateTime": p.update_time})
    return row


def _liquidation_price(c: Call, s: str, r: dict[str, Any]) -> Decimal:
    """Where the margin backing the position (isolated wallet, or the cross wallet) meets its maintenance
    margin at the first bracket's rate; 0 without a position."""
    p = r["p"]
    if not p.amt:
        return D(0)
    b = BRACKETS[s][0]
    margin: Decimal = r["iso"] if r["isolated"] else _totals(c)["cross_wallet"]
    side, size = (1 if p.amt > 0 else -1), abs(p.amt)  # Binance's LP formula takes the size unsigned
    price: Decimal = (margin + b.cum - side * size * p.entry) / (size * b.mmr - side * size)
    return max(D(0), price).quantize(D("0.00000001"))


def position_risk_v3(c: Call) -> Any:
    symbol = _contract(c).symbol if c.get("symbol") is not None else None
    return [_risk_row(c, s, True, ps) for s, ps in _rows(c, _symbols_held(c, symbol))
            if c.ex.futures.position(c.uid, s, ps).amt]


def position_risk_v2(c: Call) -> Any:
    symbol = _contract(c).symbol if c.get("symbol") is not None else None
    return [_risk_row(c, s, False, ps) for s, ps in _rows(c, [s for s in CONTRACTS if symbol in (None, s)])]


def change_leverage(c: Call) -> Any:
    k = _contract(c)
    lev = c.int("leverage")
    if lev is None:
        c.need("leverage")
    assert lev is not None
    cap = st(c).set_leverage(c.uid, k.symbol, lev)
    return {"leverage": lev, "maxNotionalValue": f"{cap:f}", "symbol": k.symbol}


def change_margin_type(c: Call) -> Any:
    k = _contract(c)
    kind = c.need("marginType").upper()
    kind = "CROSSED" if kind == "CROSS" else kind
    st(c).set_margin_type(c.uid, k.symbol, kind)
    return {"code": 200, "msg": "success"}


def _flag(c: Call, name: str) -> bool:
    value = c.need(name).lower()
    if value not in ("true", "false"):
        raise ApiError(-1130, f"Data sent for parameter '{name}' is not valid.")
    return value == "true"


def set_position_mode(c: Call) -> Any:
    st(c).set_dual(c.uid, _flag(c, "dualSidePosition"))
    return {"code": 200, "msg": "success"}


def get_position_mode(c: Call) -> Any:
    return {"dualSidePosition": st(c).dual.get(c.uid, False)}


def set_multi_assets(c: Call) -> Any:
    st(c).set_multi_assets(c.uid, _flag(c, "multiAssetsMargin"))
    return {"code": 200, "msg": "success"}


def get_multi_assets(c: Call) -> Any:
    return {"multiAssetsMargin": st(c).multi_assets.get(c.uid, False)}


def position_margin(c: Call) -> Any:
    """Modify Isolated Position Margin: positionSide defaults to BOTH (one-way mode); hedge mode must send LONG or
    SHORT, and only that side's margin moves (binance-usdm-endpoints.json, modify_isolated_position_margin). A value
    outside the enum is -4060 INVALID_POSITION_SIDE, one the mode does not take -4061 POSITION_SIDE_NOT_MATCH
    (developers.binance.com/docs/derivatives/usds-margined-futures/error-code)."""
    k = _contract(c)
    side = c.get("positionSide") or "BOTH"
    if side not in ("BOTH", "LONG", "SHORT"):
        raise ApiError(-4060, "Invalid position side.")
    if side not in st(c).sides(c.uid):
        raise ApiError(-4061, "Order's position side does not match user's setting.")
    amount, kind = c.dec("amount"), c.int("type")
    if amount is None:
        c.need("amount")
    if kind is None:
        c.need("type")
    assert amount is not None and kind is not None
    st(c).modify_margin(c.uid, k.symbol, side, amount, kind, c.ex.clock.now_ms())
    return {"amount": amount, "code": 200, "msg": "Successfully modify position margin.",
            "type": kind}


def position_margin_history(c: Call) -> Any:
    k = _contract(c)
    kind, start, end = c.int("type"), c.int("startTime"), c.int("endTime")
    rows = [h for h in st(c).margin_history if h["uid"] == c.uid and h["symbol"] == k.symbol
            and kind in (None, h["type"]) and (start is None or h["time"] >= start)
            and (end is None or h["time"] <= end)]
    return [{key: (f8(val) if key == "amount" else val) for key, val in h.items() if key != "uid"}
            for h in rows[-v._limit(c, 500, 500):]]


def commission_rate(c: Call) -> Any:
    k = _contract(c)
    maker, taker = st(c).commission(c.uid, k.symbol)
    return {"symbol": k.symbol, "makerCommissionRate": f"{maker:f}", "takerCommissionRate": f"{taker:f}",
            "rpiCommissionRate": "0"}


def leverage_bracket(c: Call) -> Any:
    symbols = [_contract(c).symbol] if c.get("symbol") is not None else list(CONTRACTS)
    rows = [{"symbol": s, "notionalCoef": D("1.0"), "brackets": [
        {"bracket": b.bracket, "initialLeverage": b.initial_leverage, "notionalCap": b.cap,
         "notionalFloor": b.floor, "maintMarginRatio": b.mmr, "cum": b.cum} for b in BRACKETS[s]]} for s in symbols]
    return rows[0] if c.get("symbol") is not None else rows


def income(c: Call) -> Any:
    symbol = _contract(c).symbol if c.get("symbol") is not None else None
    kind = c.get("incomeType")
    if kind is not None and kind not in INCOME_TYPES:
        raise ApiError(-1130, "Data sent for parameter 'incomeType' is not valid.")
    start, end = c.int("startTime"), c.int("endTime")
    n, page = v._limit(c, 100, 1000), c.int("page") or 1
    rows = [i for i in st(c).income if i.uid == c.uid and symbol in (None, i.symbol) and kind in (None, i.type)
            and (start is None or i.time >= start) and (end is None or i.time <= end)]
    rows = rows[(page - 1) * n: page * n]
    return [{"symbol": i.symbol, "incomeType": i.type, "income": f8(i.amount), "asset": "USDT", "info": i.type,
             "time": i.time, "tranId": i.tran_id, "tradeId": i.trade_id} for i in rows]


def user_trades(c: Call) -> Any:
    k = _contract(c)
    oid, start, end, from_id = c.int("orderId"), c.int("startTime"), c.int("endTime"), c.int("fromId")
    if from_id is not None and (start is not None or end is not None):
        raise ApiError(-1128, "Combination of optional parameters invalid.")
    rows = [t for t in st(c).trades if t.order.uid == c.uid and t.order.symbol == k.symbol
            and oid in (None, t.order.id) and (from_id is None or t.id >= from_id)
            and (start is None or t.time >= start) and (end is None or t.time <= end)]
    n = v._limit(c, 500, 1000)
    rows = rows[:n] if from_id is not None else rows[-n:]
    return [{"buyer": t.order.side == "BUY", "commission": f8(t.fill.fee), "commissionAsset": "USDT", "id": t.id,
             "maker": t.fill.maker, "orderId": t.order.id, "price": px(k, t.fill.price), "qty": qty(k, t.fill.qty),
             "quoteQty": f8(t.fill.price * t.fill.qty), "realizedPnl": f8(t.fill.pnl), "side": t.order.side,
             "positionSide": t.order.position_side, "symbol": k.symbol, "time": t.time} for t in rows]


def account_config(c: Call) -> Any:
    return {"feeTier": 0, "canTrade": True, "canDeposit": True, "canWithdraw": True,
            "dualSidePosition": st(c).dual.get(c.uid, False), "updateTime": 0,
            "multiAssetsMargin": st(c).multi_assets.get(c.uid, False), "tradeGroupId": -1}


def symbol_config(c: Call) -> Any:
    symbols = [_contract(c).symbol] if c.get("symbol") is not None else list(CONTRACTS)
    s = st(c)
    return [{"symbol": n, "marginType": "ISOLATED" if s.isolated(c.uid, n) else "CROSSED", "isAutoAddMargin": False,
             "leverage": s.leverage_of(c.uid, n), "maxNotionalValue": f"{max_notional(n, s.leverage_of(c.uid, n)):f}"}
            for n in symbols]


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/fapi/v2/account"): ("SIGNED", 5, account_v2),
    ("GET", "/fapi/v3/account"): ("SIGNED", 5, account_v3),
    ("GET", "/fapi/v2/balance"): ("SIGNED", 5, balance),
    ("GET", "/fapi/v3/balance"): ("SIGNED", 5, balance),
    ("GET", "/fapi/v2/positionRisk"): ("SIGNED", 5, position_risk_v2),
    ("GET", "/fapi/v3/positionRisk"): ("SIGNED", 5, position_risk_v3),
    ("POST", "/fapi/v1/leverage"): ("SIGNED", 1, change_leverage),
    ("POST", "/fapi/v1/marginType"): ("SIGNED", 1, change_margin_type),
    ("POST", "/fapi/v1/positionSide/dual"): ("SIGNED", 1, set_position_mode),
    ("GET", "/fapi/v1/positionSide/dual"): ("SIGNED", 30, get_position_mode),
    ("POST", "/fapi/v1/multiAssetsMargin"): ("SIGNED", 1, set_multi_assets),
    ("GET", "/fapi/v1/multiAssetsMargin"): ("SIGNED", 30, get_multi_assets),
    ("POST", "/fapi/v1/positionMargin"): ("SIGNED", 1, position_margin),
    ("GET", "/fapi/v1/positionMargin/history"): ("SIGNED", 1, position_margin_history),
    ("GET", "/fapi/v1/commissionRate"): ("SIGNED", 20, commission_rate),
    ("GET", "/fapi/v1/leverageBracket"): ("SIGNED", 1, leverage_bracket),
    ("GET", "/fapi/v1/income"): ("SIGNED", 30, income),
    ("GET", "/fapi/v1/userTrades"): ("SIGNED", 5, user_trades),
    ("GET", "/fapi/v1/accountConfig"): ("SIGNED", 5, account_config),
    ("GET", "/fapi/v1/symbolConfig"): ("SIGNED", 5, symbol_config),
}
