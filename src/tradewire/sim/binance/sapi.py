"""Wallet and cross margin SAPI handlers (binance.md §13, §17): parameters in, Binance JSON out."""

from __future__ import annotations

import dataclasses
import time
from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.exchange import f8
from tradewire.sim.binance.isolated import iso_uid
from tradewire.sim.binance.margin import UniversalTransfer, margin_uid
from tradewire.sim.binance.wallet import COINS, Transfer
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import FREE, LOCKED

D = Decimal
#: the Weight(UID) endpoints: their budget is per account (180000/min), not per IP
UID_LIMITED = frozenset({("POST", "/sapi/v1/capital/withdraw/apply"), ("POST", "/sapi/v1/asset/dust"),
                         ("POST", "/sapi/v1/margin/borrow-repay"), ("POST", "/sapi/v1/margin/order"),
                         ("POST", "/sapi/v1/asset/transfer"), ("POST", "/sapi/v1/margin/isolated/account"),
                         ("DELETE", "/sapi/v1/margin/isolated/account"), ("POST", "/sapi/v1/margin/isolated/transfer")})
TRANSFER_TYPES = frozenset({
    "MAIN_UMFUTURE", "MAIN_CMFUTURE", "MAIN_MARGIN", "UMFUTURE_MAIN", "UMFUTURE_MARGIN", "CMFUTURE_MAIN",
    "CMFUTURE_MARGIN", "MARGIN_MAIN", "MARGIN_UMFUTURE", "MARGIN_CMFUTURE", "ISOLATEDMARGIN_MARGIN",
    "MARGIN_ISOLATEDMARGIN", "ISOLATEDMARGIN_ISOLATEDMARGIN", "MAIN_FUNDING", "FUNDING_MAIN", "FUNDING_UMFUTURE",
    "UMFUTURE_FUNDING", "MARGIN_FUNDING", "FUNDING_MARGIN", "FUNDING_CMFUTURE", "CMFUTURE_FUNDING", "MAIN_OPTION",
    "OPTION_MAIN", "UMFUTURE_OPTION", "OPTION_UMFUTURE", "MARGIN_OPTION", "OPTION_MARGIN", "FUNDING_OPTION",
    "OPTION_FUNDING", "MAIN_PORTFOLIO_MARGIN", "PORTFOLIO_MARGIN_MAIN"})


def _amount(c: Call, name: str = "amount") -> Decimal:
    c.need(name)
    value = c.dec(name)
    if value is None or value <= 0:
        raise ApiError(-1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.")
    return value


def _window(c: Call, rows: list[Any], at: str) -> list[Any]:
    """Rows inside startTime..endTime, then offset/limit (newest first, as Binance lists them)."""
    start, end = c.int("startTime"), c.int("endTime")
    if start is not None and end is not None and start > end:
        raise ApiError(-1127, "More than 90 days between startTime and endTime.")
    picked = [r for r in reversed(rows) if (start is None or getattr(r, at) >= start)
              and (end is None or getattr(r, at) <= end)]
    offset = c.int("offset") or 0
    return picked[offset:offset + v._limit(c, 1000, 1000)]


def _utc(ms: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ms // 1000))


# --- wallet --------------------------------------------------------------------------------------

def withdraw(c: Call) -> Any:
    coin, address = c.need("coin"), c.need("address")
    t = c.ex.wallet.withdraw(c.uid, coin, address, _amount(c), c.get("network"), c.get("withdrawOrderId") or "",
                             c.ex.clock.now_ms())
    return {"id": t.id}


def _transfer_rows(c: Call, rows: list[Transfer]) -> list[Transfer]:
    coin, status = c.get("coin"), c.int("status")
    return [t for t in rows if coin in (None, t.coin) and status in (None, t.status)]


def withdraw_history(c: Call) -> Any:
    cid = c.get("withdrawOrderId")
    rows = [t for t in _transfer_rows(c, c.ex.wallet.withdrawals.get(c.uid, [])) if cid in (None, t.client_id)]
    out = []
    for t in _window(c, rows, "time"):
        row = {"id": t.id, "amount": f8(t.amount), "transactionFee": f8(t.fee), "coin": t.coin, "status": t.status,
               "address": t.address, "txId": t.tx_id, "applyTime": _utc(t.time), "network": t.network,
               "transferType": 0, "info": "", "confirmNo": 1, "walletType": 0, "txKey": "",
               "completeTime": _utc(t.time)}
        if t.client_id:
            row["withdrawOrderId"] = t.client_id
        out.append(row)
    return out


def deposit_history(c: Call) -> Any:
    rows = _transfer_rows(c, c.ex.wallet.deposits.get(c.uid, []))
    tx = c.get("txId")
    return [{"id": t.id, "amount": f8(t.amount), "coin": t.coin, "network": t.network, "status": t.status,
             "address": t.address, "addressTag": "", "txId": t.tx_id, "insertTime": t.time, "transferType": 0,
             "confirmTimes": "1/1", "unlockConfirm": 0, "walletType": 0}
            for t in _window(c, rows, "time") if tx in (None, t.tx_id)]


def asset_detail(c: Call) -> Any:
    asset = c.get("asset")
    names = [asset] if asset else sorted(COINS)
    if any(a not in COINS for a in names):
        raise ApiError(-4018, "The asset does not exist.")
    return {a: {"minWithdrawAmount": f8(COINS[a].minimum), "depositStatus": True, "withdrawFee": f8(COINS[a].fee),
                "withdrawStatus": True, "depositTip": ""} for a in names}


def dust(c: Call) -> Any:
    assets = c.need("asset").split(",")
    run = c.ex.wallet.convert_dust(c.uid, assets, c.ex.clock.now_ms())
    return {"totalServiceCharge": f8(sum((r[3] for r in run.rows), D(0))),
            "totalTransfered": f8(sum((r[2] - r[3] for r in run.rows), D(0))),
            "transferResult": [{"amount": f8(amount), "fromAsset": asset, "operateTime": run.time,
                                "serviceChargeAmount": f8(charge), "tranId": tran, "transferedAmount": f8(bnb - charge)}
                               for asset, amount, bnb, charge, tran in run.rows]}


def dust_log(c: Call) -> Any:
    runs = [r for r in c.ex.wallet.dust.get(c.uid, []) if (c.int("startTime") or 0) <= r.time]
    return {"total": len(runs), "userAssetDribblets": [{
        "operateTime": r.time, "totalTransferedAmount": f8(sum((x[2] - x[3] for x in r.rows), D(0))),
        "totalServiceChargeAmount": f8(sum((x[3] for x in r.rows), D(0))), "transId": r.tran_id,
        "userAssetDribbletDetails": [{"transId": tran, "serviceChargeAmount": f8(charge), "amount": f8(amount),
                                      "operateTime": r.time, "transferedAmount": f8(bnb - charge), "fromAsset": asset}
                                     for asset, amount, bnb, charge, tran in r.rows]} for r in runs]}


def dividends(c: Call) -> Any:
    asset = c.get("asset")
    rows = [d for d in c.ex.wallet.dividends.get(c.uid, []) if asset in (None, d.asset)]
    start, end = c.int("startTime"), c.int("endTime")
    rows = [d for d in rows if (start is None or d.time >= start) and (end is None or d.time <= end)]
    rows = rows[-v._limit(c, 20, 500):]
    return {"rows": [{"id": d.id, "amount": f8(d.amount), "asset": d.asset, "divTime": d.time, "enInfo": d.info,
                      "tranId": d.tran_id} for d in reversed(rows)], "total": len(rows)}


# --- cross margin --------------------------------------------------------------------------------

def margin_transfer(c: Call) -> Any:
    kind = c.int("type")
    if kind not in (1, 2):
        c.need("type")
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    tran = c.ex.margin.transfer(c.uid, c.need("asset"), _amount(c), kind, c.ex.clock.now_ms())
    return {"tranId": tran}


def _isolated(c: Call) -> str | None:
    """The pair of an isolated margin call (`isIsolated=TRUE` and `symbol`, enabled), None for cross margin."""
    flag = (c.get("isIsolated") or "FALSE").upper()  # ccxt sends `true`, and the live venue takes it
    if flag not in ("TRUE", "FALSE"):
        raise ApiError(-1130, "Data sent for parameter 'isIsolated' is not valid.")
    if flag == "FALSE":
        return None
    symbol = c.need("symbol")
    c.ex.isolated.pair(c.uid, symbol, enabled=True)
    return symbol


def borrow_repay(c: Call) -> Any:
    """`POST /sapi/v1/margin/borrow-repay`: type BORROW or REPAY (the old /margin/loan and /margin/repay
    are gone); isIsolated is mandatory."""
    c.need("isIsolated")
    pair = _isolated(c)
    kind = c.need("type")
    asset, amount, now = c.need("asset"), _amount(c), c.ex.clock.now_ms()
    if pair is not None and kind in ("BORROW", "REPAY"):
        act = c.ex.isolated.borrow if kind == "BORROW" else c.ex.isolated.repay
        return {"tranId": act(c.uid, pair, asset, amount, now)}
    if kind == "BORROW":
        return {"tranId": c.ex.margin.borrow(c.uid, asset, amount, now)}
    if kind == "REPAY":
        return {"tranId": c.ex.margin.repay(c.uid, asset, amount, now)}
    raise ApiError(-1130, "Data sent for parameter 'type' is not valid.")


def pages(c: Call, rows: list[Any]) -> tuple[list[Any], int]:
    """Newest first inside startTime..endTime (the last 7 days by default), then current/size pages."""
    end = c.int("endTime") or c.ex.clock.now_ms()
    start = c.int("startTime") or end - 7 * 86_400_000
    picked = [r for r in reversed(rows) if start <= r.time <= end]
    size = c.int("size") or 10
    if not 1 <= size <= 100:
        raise ApiError(-1130, "Data sent for parameter 'size' is not valid.")
    page = c.int("current") or 1
    return picked[(page - 1) * size:page * size], len(picked)


def borrow_repay_records(c: Call) -> Any:
    kind = c.need("type")
    if kind not in ("BORROW", "REPAY"):
        raise ApiError(-1130, "Data sent for parameter 'type' is not valid.")
    asset, tx, pair = c.get("asset"), c.int("txId"), c.get("isolatedSymbol")
    if pair is not None:
        return _isolated_records(c, kind, asset, tx, pair)
    rows = [r for r in c.ex.margin.records.get(c.uid, []) if r.type == kind and asset in (None, r.asset)
            and tx in (None, r.tx_id)]
    page, total = pages(c, rows) if tx is None else (rows, len(rows))
    return {"rows": [{"type": "MANUAL", "amount": f8(r.amount), "asset": r.asset, "interest": f8(D(0)),
                      "principal": f8(r.amount), "status": "CONFIRMED", "timestamp": r.time, "txId": r.tx_id}
                     for r in page], "total": total}


def _isolated_records(c: Call, kind: str, asset: str | None, tx: int | None, pair: str) -> Any:
    rows = [r for r in c.ex.isolated.records.get(c.uid, []) if r.type == kind and r.symbol == pair
            and asset in (None, r.asset) and tx in (None, r.tran_id)]
    page, total = pages(c, rows) if tx is None else (rows, len(rows))
    return {"rows": [{"type": "MANUAL", "isolatedSymbol": r.symbol, "amount": f8(r.amount), "asset": r.asset,
                      "interest": f8(r.interest), "principal": f8(r.principal if kind == "REPAY" else r.amount),
                      "status": "CONFIRMED", "timestamp": r.time, "txId": r.tran_id} for r in page],
            "total": total}


def _isolated_universal(c: Call, kind: str, asset: str, amount: Decimal, now: int) -> int:
    """MARGIN_ISOLATEDMARGIN, ISOLATEDMARGIN_MARGIN, ISOLATEDMARGIN_ISOLATEDMARGIN: cross <-> pair, pair -> pair."""
    iso, cross = c.ex.isolated, (margin_uid(c.uid), FREE)
    src, dst = c.get("fromSymbol"), c.get("toSymbol")
    if dst is not None:
        iso.pair(c.uid, dst, enabled=True)
    if kind == "MARGIN_ISOLATEDMARGIN":
        c.ex.margin.check_transfer_out(c.uid, asset, amount)
        assert dst is not None
        return iso.transfer(c.uid, dst, asset, amount, cross, now, "ROLL_IN")
    assert src is not None
    if kind == "ISOLATEDMARGIN_MARGIN":
        return iso.transfer(c.uid, src, asset, amount, cross, now, "ROLL_OUT")
    assert dst is not None
    if asset not in iso.pairs[dst]:
        raise ApiError(-3027, "Not a valid margin asset.")
    return iso.transfer(c.uid, src, asset, amount, (iso_uid(c.uid, dst), FREE), now, "ROLL_OUT")


def universal_transfer(c: Call) -> Any:
    kind = c.need("type")
    if kind not in TRANSFER_TYPES:
        raise ApiError(-1130, "Data sent for parameter 'type' is not valid.")
    if kind.startswith("ISOLATEDMARGIN_"):
        c.need("fromSymbol")
    if kind.endswith("_ISOLATEDMARGIN"):
        c.need("toSymbol")
    asset, amount, now = c.need("asset"), _amount(c), c.ex.clock.now_ms()
    if "ISOLATEDMARGIN" in kind:
        tran = _isolated_universal(c, kind, asset, amount, now)
        c.ex.margin.universal.setdefault(c.uid, []).append(UniversalTransfer(tran, kind, asset, amount, now))
        return {"tranId": tran}
    return {"tranId": c.ex.margin.universal_transfer(c.uid, kind, asset, amount, now, c.ex.futures.available(c.uid))}


def universal_transfer_history(c: Call) -> Any:
    kind = c.need("type")
    if kind not in TRANSFER_TYPES:
        raise ApiError(-1130, "Data sent for parameter 'type' is not valid.")
    page, total = pages(c, [t for t in c.ex.margin.universal.get(c.uid, []) if t.type == kind])
    out: dict[str, Any] = {"total": total}
    if page:  # Binance leaves `rows` out when there are none
        out["rows"] = [{"asset": t.asset, "amount": f8(t.amount), "type": t.type, "status": "CONFIRMED",
                        "tranId": t.tran_id, "timestamp": t.time} for t in page]
    return out


def max_borrowable(c: Call) -> Any:
    pair = c.get("isolatedSymbol")
    if pair is not None:
        amount = c.ex.isolated.max_borrowable(c.uid, pair, c.need("asset"))
        return {"amount": f8(amount), "borrowLimit": f8(D(10) ** 6)}
    return {"amount": f8(c.ex.margin.max_borrowable(c.uid, c.need("asset"))), "borrowLimit": f8(D(10) ** 6)}


def _on_margin(c: Call) -> Call:
    """The call as the user's margin wallet (cross, or the pair's isolated one) sees it: the spot handlers then
    serve margin orders."""
    pair = _isolated(c)
    assert c.user is not None
    uid = margin_uid(c.uid) if pair is None else iso_uid(c.uid, pair)
    return Call(c.params, dataclasses.replace(c.user, uid=uid), c.ex)


def _lend(c: Call, asset: str, amount: Decimal, kind: str) -> None:
    """Borrow or repay for the account of the call (cross, or its isolated pair)."""
    pair, now = _isolated(c), c.ex.clock.now_ms()
    if pair is None:
        (c.ex.margin.borrow if kind == "BORROW" else c.ex.margin.repay)(c.uid, asset, amount, now)
    else:
        (c.ex.isolated.borrow if kind == "BORROW" else c.ex.isolated.repay)(c.uid, pair, asset, amount, now)


def margin_new_order(c: Call) -> Any:
    mc = _on_margin(c)
    effect = c.get("sideEffectType") or "NO_SIDE_EFFECT"
    if effect not in ("NO_SIDE_EFFECT", "MARGIN_BUY"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    args = v._order_args(mc)
    borrowed: tuple[str, Decimal] | None = None
    if effect == "MARGIN_BUY":
        borrowed = _borrow_shortfall(mc, c, args)
    try:
        out = v.order_json(v._place(mc, args), v._resp_type(mc, args["type"]))
    except ApiError:
        if borrowed is not None:  # nothing was placed: give the loan back
            _lend(c, borrowed[0], borrowed[1], "REPAY")
        raise
    if borrowed is not None and "fills" in out:
        out.update(marginBuyBorrowAsset=borrowed[0], marginBuyBorrowAmount=f8(borrowed[1]))
    out["isIsolated"] = _isolated(c) is not None
    return out


def _borrow_shortfall(mc: Call, c: Call, args: dict[str, Any]) -> tuple[str, Decimal] | None:
    """MARGIN_BUY: borrow what the order needs beyond the free balance of the margin wallet `mc`."""
    pair = c.ex.specs[args["symbol"]].pair
    book = c.ex.engine.books[args["symbol"]]
    if args["side"] == "SELL":
        asset, need = pair.base, args["qty"]
    else:
        price = args["price"] if args["price"] is not None else book.asks.best() or D(0)
        asset, need = pair.quote, args["quote_qty"] or args["qty"] * price
    short = need - c.ex.ledger.balance(mc.uid, FREE, asset)
    if short <= 0:
        return None
    _lend(c, asset, short, "BORROW")
    return asset, short


def margin_get_order(c: Call) -> Any:
    return v.get_order(_on_margin(c))


def margin_cancel_order(c: Call) -> Any:
    return v.cancel_order(_on_margin(c))


def margin_open_orders(c: Call) -> Any:
    return v.open_orders(_on_margin(c))


def _rows(c: Call, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Margin rows carry isIsolated."""
    isolated = _isolated(c) is not None
    return [{**r, "isIsolated": isolated} for r in rows]


def margin_my_trades(c: Call) -> Any:
    return _rows(c, v.my_trades(_on_margin(c)))


def margin_all_orders(c: Call) -> Any:
    return _rows(c, v.all_orders(_on_margin(c)))


def margin_cancel_open_orders(c: Call) -> Any:
    """`DELETE /sapi/v1/margin/openOrders`: every open margin order of a symbol (and its OCO lists)."""
    return _rows(c, v.cancel_all(_on_margin(c)))


def margin_account(c: Call) -> Any:
    m, muid, ledger = c.ex.margin, margin_uid(c.uid), c.ex.ledger
    total, debt = m.totals(c.uid)
    rows = []
    for a in m.assets(c.uid):
        free, locked, borrowed = ledger.balance(muid, FREE, a), ledger.balance(muid, LOCKED, a), m.borrowed(c.uid, a)
        rows.append({"asset": a, "borrowed": f8(borrowed), "free": f8(free), "interest": f8(D(0)),
                     "locked": f8(locked), "netAsset": f8(free + locked - borrowed)})
    level = (total / debt).quantize(D("0.00000001")) if debt else D(999)
    return {"borrowEnabled": True, "marginLevel": f8(level), "totalAssetOfBtc": f8(total),
            "totalLiabilityOfBtc": f8(debt), "totalNetAssetOfBtc": f8(total - debt), "tradeEnabled": True,
            "transferEnabled": True, "userAssets": rows}


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("POST", "/sapi/v1/capital/withdraw/apply"): ("SIGNED", 600, withdraw),
    ("GET", "/sapi/v1/capital/withdraw/history"): ("SIGNED", 1, withdraw_history),
    ("GET", "/sapi/v1/capital/deposit/hisrec"): ("SIGNED", 1, deposit_history),
    ("GET", "/sapi/v1/asset/assetDetail"): ("SIGNED", 1, asset_detail),
    ("POST", "/sapi/v1/asset/dust"): ("SIGNED", 10, dust),
    ("GET", "/sapi/v1/asset/dribblet"): ("SIGNED", 1, dust_log),
    ("GET", "/sapi/v1/asset/assetDividend"): ("SIGNED", 10, dividends),
    ("POST", "/sapi/v1/margin/transfer"): ("SIGNED", 600, margin_transfer),
    ("POST", "/sapi/v1/margin/borrow-repay"): ("SIGNED", 1500, borrow_repay),
    ("GET", "/sapi/v1/margin/borrow-repay"): ("SIGNED", 10, borrow_repay_records),
    ("POST", "/sapi/v1/asset/transfer"): ("SIGNED", 300, universal_transfer),
    ("GET", "/sapi/v1/asset/transfer"): ("SIGNED", 1, universal_transfer_history),
    ("GET", "/sapi/v1/margin/maxBorrowable"): ("SIGNED", 50, max_borrowable),
    ("POST", "/sapi/v1/margin/order"): ("SIGNED", 6, margin_new_order, 1),
    ("GET", "/sapi/v1/margin/order"): ("SIGNED", 10, margin_get_order),
    ("DELETE", "/sapi/v1/margin/order"): ("SIGNED", 10, margin_cancel_order),
    ("GET", "/sapi/v1/margin/openOrders"): ("SIGNED", 10, margin_open_orders),
    ("DELETE", "/sapi/v1/margin/openOrders"): ("SIGNED", 1, margin_cancel_open_orders),
    ("GET", "/sapi/v1/margin/myTrades"): ("SIGNED", 10, margin_my_trades),
    ("GET", "/sapi/v1/margin/allOrders"): ("SIGNED", 200, margin_all_orders),
    ("GET", "/sapi/v1/margin/account"): ("SIGNED", 10, margin_account),
}
