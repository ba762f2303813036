"""Isolated margin SAPI handlers: pair accounts, transfers, limits, interest (Binance margin docs,
developers.binance.com/docs/margin_trading: account/, transfer/, borrow-and-repay/)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from tradewire.sim.binance.exchange import f8
from tradewire.sim.binance.isolated import DAILY_RATE, LEVERAGE, MAX_ACCOUNTS, iso_uid
from tradewire.sim.binance.sapi import pages
from tradewire.sim.binance.wallet import Q8, btc_value
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import FREE, LOCKED

D = Decimal
WALLETS = ("SPOT", "ISOLATED_MARGIN")


def _amount(c: Call) -> Decimal:
    c.need("amount")
    value = c.dec("amount")
    if value is None or value <= 0:
        raise ApiError(-1102, "Mandatory parameter 'amount' was not sent, was empty/null, or malformed.")
    return value


def enable(c: Call) -> Any:
    symbol = c.need("symbol")
    c.ex.isolated.enable(c.uid, symbol)
    return {"success": True, "symbol": symbol}


def disable(c: Call) -> Any:
    symbol = c.need("symbol")
    c.ex.isolated.disable(c.uid, symbol)
    return {"success": True, "symbol": symbol}


def account_limit(c: Call) -> Any:
    return {"enabledAccount": c.ex.isolated.enabled_count(c.uid), "maxAccount": MAX_ACCOUNTS}


def _pair_info(c: Call, symbol: str) -> dict[str, Any]:
    base, quote = c.ex.isolated.pairs[symbol]
    return {"symbol": symbol, "base": base, "quote": quote, "isMarginTrade": True, "isBuyAllowed": True,
            "isSellAllowed": True}


def pair(c: Call) -> Any:
    symbol = c.need("symbol")
    if symbol not in c.ex.isolated.pairs:
        raise ApiError(-3028, "Not a valid margin pair.")
    return _pair_info(c, symbol)


def all_pairs(c: Call) -> Any:
    return [_pair_info(c, s) for s in sorted(c.ex.isolated.pairs)]


def _asset_row(c: Call, symbol: str, asset: str) -> tuple[dict[str, Any], Decimal, Decimal]:
    """One side of a pair account, with its (asset, liability) in BTC."""
    iso, who = c.ex.isolated, iso_uid(c.uid, symbol)
    free, locked = c.ex.ledger.balance(who, FREE, asset), c.ex.ledger.balance(who, LOCKED, asset)
    loan = iso.owed(c.uid, symbol, asset)
    net = free + locked - loan.principal - loan.interest
    total_btc = btc_value(c.ex.engine, asset, free + locked)
    debt_btc = btc_value(c.ex.engine, asset, loan.principal + loan.interest)
    return ({"asset": asset, "borrowEnabled": True, "borrowed": f8(loan.principal), "free": f8(free),
             "interest": f8(loan.interest), "locked": f8(locked), "netAsset": f8(net),
             "netAssetOfBtc": f8(total_btc - debt_btc), "repayEnabled": True, "totalAsset": f8(free + locked)},
            total_btc, debt_btc)


def _pair_json(c: Call, symbol: str) -> tuple[dict[str, Any], Decimal, Decimal]:
    iso, now = c.ex.isolated, c.ex.clock.now_ms()
    iso.accrue(c.uid, symbol, now)
    p = iso.pair(c.uid, symbol)
    base, base_asset, base_debt = _asset_row(c, symbol, p.base)
    quote, quote_asset, quote_debt = _asset_row(c, symbol, p.quote)
    level, index, liq = iso.level(c.uid, symbol), iso.price(symbol), iso.liquidate_price(c.uid, symbol)
    rate = ((index - liq) / index * 100).quantize(Q8, ROUND_DOWN) if liq and index else D(0)
    out = {"baseAsset": base, "quoteAsset": quote, "symbol": symbol, "isolatedCreated": True,
           "enabled": p.enabled, "marginLevel": f8(level if level is not None else D(999)),
           "marginLevelStatus": iso.status(level), "marginRatio": f8(D(LEVERAGE)), "indexPrice": f8(index),
           "liquidatePrice": f8(liq), "liquidateRate": f8(rate), "tradeEnabled": p.enabled}
    return out, base_asset + quote_asset, base_debt + quote_debt


def account(c: Call) -> Any:
    """`GET /sapi/v1/margin/isolated/account`: every pair account, or those of `symbols` (at most 5, and
    then without the BTC totals, as the docs' two response examples show)."""
    symbols = c.get("symbols")
    mine = c.ex.isolated.accounts.get(c.uid, {})
    names = symbols.split(",") if symbols else sorted(mine)
    if len(names) > 5:
        raise ApiError(-1130, "Data sent for parameter 'symbols' is not valid.")
    rows, total, debt = [], D(0), D(0)
    for name in names:
        if name not in mine:
            raise ApiError(-3003, "Isolated margin account does not exist.")
        row, a, d = _pair_json(c, name)
        rows.append(row)
        total, debt = total + a, debt + d
    if symbols:
        return {"assets": rows}
    return {"assets": rows, "totalAssetOfBtc": f8(total), "totalLiabilityOfBtc": f8(debt),
            "totalNetAssetOfBtc": f8(total - debt)}


def transfer(c: Call) -> Any:
    """`POST /sapi/v1/margin/isolated/transfer`: SPOT <-> ISOLATED_MARGIN of one pair. The universal transfer
    has no spot <-> isolated type (developers.binance.com/docs/wallet/asset/user-universal-transfer lists only
    ISOLATEDMARGIN_MARGIN, MARGIN_ISOLATEDMARGIN and ISOLATEDMARGIN_ISOLATEDMARGIN, served in `sapi`)."""
    asset, symbol, amount = c.need("asset"), c.need("symbol"), _amount(c)
    src, dst = c.need("transFrom"), c.need("transTo")
    if src not in WALLETS or dst not in WALLETS or src == dst:
        raise ApiError(-1130, "Data sent for parameter 'transFrom' is not valid.")
    kind = "ROLL_IN" if dst == "ISOLATED_MARGIN" else "ROLL_OUT"
    tran = c.ex.isolated.transfer(c.uid, symbol, asset, amount, (c.uid, FREE), c.ex.clock.now_ms(), kind)
    return {"tranId": tran}


def transfer_history(c: Call) -> Any:
    symbol, asset = c.need("symbol"), c.get("asset")
    src, dst = c.get("transFrom"), c.get("transTo")
    rows = [r for r in c.ex.isolated.records.get(c.uid, []) if r.symbol == symbol and asset in (None, r.asset)
            and r.type in ("ROLL_IN", "ROLL_OUT")
            and src in (None, "SPOT" if r.type == "ROLL_IN" else "ISOLATED_MARGIN")
            and dst in (None, "ISOLATED_MARGIN" if r.type == "ROLL_IN" else "SPOT")]
    page, total = pages(c, rows)
    return {"rows": [{"amount": f8(r.amount), "asset": r.asset, "status": "CONFIRMED", "timestamp": r.time,
                      "txId": r.tran_id,
                      "transFrom": "SPOT" if r.type == "ROLL_IN" else "ISOLATED_MARGIN",
                      "transTo": "ISOLATED_MARGIN" if r.type == "ROLL_IN" else "SPOT"} for r in page],
            "total": total}


def interest_history(c: Call) -> Any:
    """`GET /sapi/v1/margin/interestHistory`: the interest charges of `isolatedSymbol` (the simulator's cross
    margin charges none)."""
    symbol, asset = c.get("isolatedSymbol"), c.get("asset")
    rows = [r for r in c.ex.isolated.records.get(c.uid, []) if symbol is not None and r.symbol == symbol
            and r.type in ("ON_BORROW", "PERIODIC") and asset in (None, r.asset)]
    page, total = pages(c, rows)
    return {"rows": [{"txId": r.tran_id, "interestAccuredTime": r.time, "asset": r.asset, "rawAsset": r.asset,
                      "principal": f8(c.ex.isolated.owed(c.uid, r.symbol, r.asset).principal),
                      "interest": f8(r.amount), "interestRate": f8(DAILY_RATE[r.asset]),
                      "type": r.type, "isolatedSymbol": r.symbol}
                     for r in page], "total": total}


def max_transferable(c: Call) -> Any:
    """`GET /sapi/v1/margin/maxTransferable` of an isolated pair (`isolatedSymbol`) or of cross margin: only
    `amount` (maxBorrowable adds borrowLimit)."""
    asset, symbol = c.need("asset"), c.get("isolatedSymbol")
    if symbol is None:
        return {"amount": f8(c.ex.margin.max_transferable(c.uid, asset))}
    return {"amount": f8(c.ex.isolated.max_transferable(c.uid, symbol, asset, c.ex.clock.now_ms()))}


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("POST", "/sapi/v1/margin/isolated/account"): ("SIGNED", 300, enable),
    ("DELETE", "/sapi/v1/margin/isolated/account"): ("SIGNED", 300, disable),
    ("GET", "/sapi/v1/margin/isolated/account"): ("SIGNED", 10, account),
    ("GET", "/sapi/v1/margin/isolated/accountLimit"): ("SIGNED", 1, account_limit),
    ("GET", "/sapi/v1/margin/isolated/pair"): ("SIGNED", 10, pair),
    ("GET", "/sapi/v1/margin/isolated/allPairs"): ("SIGNED", 10, all_pairs),
    ("POST", "/sapi/v1/margin/isolated/transfer"): ("SIGNED", 600, transfer),
    ("GET", "/sapi/v1/margin/isolated/transfer"): ("SIGNED", 1, transfer_history),
    ("GET", "/sapi/v1/margin/interestHistory"): ("SIGNED", 1, interest_history),
    ("GET", "/sapi/v1/margin/maxTransferable"): ("SIGNED", 50, max_transferable),
}
