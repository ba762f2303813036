"""Spot/fund balances, the asset overview, transfers between accounts and between users, and the UID."""

from __future__ import annotations

import re
from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.accounts import TransferRecord
from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.contracts import COINS
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT as PERP
from tradewire.sim.bingx.perp import summary
from tradewire.sim.bingx.replies import Reply, bare, ok
from tradewire.sim.bingx.transfers import (
    TRANSFER_TYPES,
    WALLET_TYPES,
    inner_transfer,
    supported_coins,
    transfer,
    type_name,
)
from tradewire.sim.engine import LOCKED as SPOT_LOCKED
from tradewire.sim.jsonenc import Json
from tradewire.sim.ledger import ACCOUNTS

# "sopt" (sic) is documented as "Spot (fund account)": the overview shows the fund account under it.
ACCOUNT_TYPES: dict[str, str | None] = {"sopt": "fund", "stdFutures": "stdFutures", "coinMPerp": "coinMPerp",
                                        "USDTMPerp": "USDTMPerp", "copyTrading": None, "grid": None, "eran": None,
                                        "c2c": None}
_CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9]{1,99}$")
_RECORD_AMOUNT = Decimal("1E-20")  # transferRecord prints amounts with 20 decimals, as live


def _balances(call: Call, account: str, asset: str | None) -> list[Json]:
    """Free funds, and (spot) the funds the matching engine holds for open orders as ``locked``."""
    free = call.state.ledger.assets(call.uid, account)
    locked = call.state.ledger.assets(call.uid, SPOT_LOCKED) if account == "spot" else {}
    return [{"asset": a, "free": fmt(free.get(a, Decimal(0))), "locked": fmt(locked.get(a, Decimal(0)))}
            for a in sorted(free.keys() | locked.keys()) if asset in (None, a)]


def spot_balance(call: Call) -> Reply:
    """GET /openApi/spot/v1/account/balance (with the extra ``debugMsg``)."""
    return ok({"balances": _balances(call, "spot", None)}, debug_msg=True)


def fund_balance(call: Call) -> Reply:
    """GET /openApi/fund/v1/account/balance: ``data.assets[{asset, free, locked}]``, the shape the live
    server answers today (captured by ccxt, 2025: ``code``/``timestamp`` as strings there too). The
    skills' api-reference documents ``data.balance`` (an object) and older answers had ``data.balances``."""
    return ok({"assets": _balances(call, "fund", call.params.text("asset"))})


def _usdt_value(call: Call, account: str) -> Decimal:
    """The USDT value of one overview row; `sopt` is documented as "Spot / Fund account" (fund-account
    api-reference), so the fund row also values the spot account, its locked funds included."""
    state, total = call.state, Decimal(0)
    accounts = (account, "spot", SPOT_LOCKED) if account == "fund" else (account,)
    held = [state.ledger.assets(call.uid, a) for a in accounts]
    for asset, amount in ((a, n) for assets in held for a, n in assets.items()):
        if account == PERP and asset == "USDT":
            amount = summary(state.ledger, state.book, state.market, call.uid, asset, call.now).equity
        symbol = f"{asset}-USDT"
        price = state.market.last_price(symbol, call.now) if symbol in state.market.contracts else Decimal(1)
        total += amount * price
    return total


def all_account_balance(call: Call) -> Reply:
    """GET /openApi/account/v1/allAccountBalance: USDT value per account type."""
    wanted = call.params.enum("accountType", ACCOUNT_TYPES)
    rows: list[Json] = []
    for name, account in ACCOUNT_TYPES.items():
        if wanted in (None, name):
            value = _usdt_value(call, account) if account is not None else Decimal(0)
            rows.append({"accountType": name, "usdtBalance": fmt(value.quantize(Decimal("1E-8")))})
    return ok(rows)


def _route(call: Call) -> tuple[str, str]:
    """``fromAccount`` and ``toAccount``, both required (official reference, fund-account and spot-account
    api-reference). The seeds' ``type=FUND_PFUTURES`` form is refused: the reference lists 100400
    "missing required parameter" for this family but no text for this case, so the message is ours."""
    if call.params.text("type") is not None and call.params.text("fromAccount") is None:
        raise call.params.fail("fromAccount and toAccount are required; the type parameter is not supported, "
                               "use fromAccount/toAccount")
    src = call.params.enum("fromAccount", ACCOUNTS, required=True)
    dst = call.params.enum("toAccount", ACCOUNTS, required=True)
    assert src is not None and dst is not None
    return src, dst


def asset_transfer(call: Call) -> Reply:
    """POST /openApi/api/asset/v1/transfer: by ``fromAccount``/``toAccount``; answers ``tranId`` and
    ``transferId`` (both strings, as live: ccxt capture 2025; the reference prints only ``tranId``)."""
    asset = call.params.require("asset")
    amount = call.params.amount("amount")
    if amount != amount.quantize(Decimal("1E-8")):
        raise call.params.fail("amount has more than 8 decimals")
    src, dst = _route(call)
    record = transfer(call.state, call.uid, asset, amount, src, dst, call.now)
    return ok({"tranId": str(record.tran_id), "transferId": record.transfer_id})


def _page(call: Call, rows: list[TransferRecord], page_name: str, size_name: str) -> tuple[int, list[TransferRecord]]:
    start, end = call.params.time_range()
    page = call.params.integer(page_name, default=1, low=1)
    size = call.params.integer(size_name, default=10, low=1, high=100)
    assert page is not None and size is not None
    rows = [r for r in rows if (start is None or r.time >= start) and (end is None or r.time <= end)]
    rows.sort(key=lambda r: r.time, reverse=True)
    return len(rows), rows[(page - 1) * size:page * size]


def transfer_history(call: Call) -> Reply:
    """GET /openApi/api/v3/asset/transfer: UNWRAPPED ``{total, rows}``; tranId is a (big) JSON number."""
    kind = call.params.enum("type", TRANSFER_TYPES)
    tran_id = call.params.integer("tranId", low=0)
    if kind is None and tran_id is None:
        raise call.params.fail("type or tranId is required")
    mine = [r for r in call.state.book.transfers if r.uid == call.uid
            and (kind is None or type_name(r.from_account, r.to_account) == kind)
            and (tran_id is None or r.tran_id == tran_id)]
    total, rows = _page(call, mine, "current", "size")
    return bare({"total": total, "rows": [
        {"asset": r.asset, "amount": fmt(r.amount), "type": type_name(r.from_account, r.to_account),
         "status": "CONFIRMED", "tranId": r.tran_id, "timestamp": r.time} for r in rows]})


def transfer_records(call: Call) -> Reply:
    """GET /openApi/api/v3/asset/transferRecord: UNWRAPPED ``{total, rows}``; by accounts or transferId."""
    src = call.params.enum("fromAccount", ACCOUNTS)
    dst = call.params.enum("toAccount", ACCOUNTS)
    transfer_id = call.params.text("transferId")
    if transfer_id is None and (src is None or dst is None):
        raise call.params.fail("fromAccount and toAccount, or transferId, are required")
    mine = [r for r in call.state.book.transfers if r.uid == call.uid
            and (src is None or r.from_account == src) and (dst is None or r.to_account == dst)
            and (transfer_id is None or r.transfer_id == transfer_id)]
    total, rows = _page(call, mine, "pageIndex", "pageSize")
    return bare({"total": total, "rows": [
        {"asset": r.asset, "amount": fmt(r.amount.quantize(_RECORD_AMOUNT)), "status": "CONFIRMED",
         "transferId": r.transfer_id, "timestamp": r.time, "fromAccount": r.from_account,
         "toAccount": r.to_account} for r in rows]})


def support_coins(call: Call) -> Reply:
    """GET /openApi/api/asset/v1/transfer/supportCoins."""
    src = call.params.enum("fromAccount", ACCOUNTS, required=True)
    dst = call.params.enum("toAccount", ACCOUNTS, required=True)
    assert src is not None and dst is not None
    return ok([{"coin": c, "name": COINS[c]} for c in supported_coins(src, dst)])


def inner_transfer_apply(call: Call) -> Reply:
    """POST /openApi/wallets/v1/capital/innerTransfer/apply: to a user found by UID, phone or email.

    ``walletType`` picks the caller's account that pays; the receiver is credited in the fund account.
    """
    p = call.params
    coin = p.require("coin")
    amount = p.amount("amount")
    account_type = p.integer("userAccountType", low=1, high=3)
    account = p.require("userAccount")
    wallet_type = p.integer("walletType")
    client_id = p.text("transferClientId")
    if account_type is None:
        raise p.fail("userAccountType is required")
    if wallet_type not in WALLET_TYPES:
        raise p.fail("walletType must be one of 1, 2, 3, 15")
    calling_code = p.text("callingCode", required=account_type == 2)
    if client_id is not None and not _CLIENT_ID_RE.match(client_id):
        raise p.fail("transferClientId must be letters and digits, fewer than 100")
    receiver = call.state.find_user(account_type, account, calling_code)
    if receiver is None:
        raise ApiError(errors.PARAM_ERROR, "the receiving account does not exist")
    record = inner_transfer(call.state, call.uid, receiver.uid, coin, amount, wallet_type, client_id, call.now)
    return ok({"id": record.id, "transferClientId": record.client_id or ""})


def inner_transfer_records(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/innerTransfer/records: ``data.data[]`` + ``data.total``, newest first."""
    p = call.params
    coin = p.require("coin")
    record_id = p.integer("id", low=0)
    client_id = p.text("transferClientId")
    start, end = p.time_range()
    offset = p.integer("offset", default=0, low=0)
    limit = p.integer("limit", default=100, low=1, high=1000)
    assert offset is not None and limit is not None
    uid = call.uid
    rows = [r for r in reversed(call.state.book.inner) if uid in (r.from_uid, r.to_uid) and r.coin == coin
            and (record_id is None or r.id == record_id) and (client_id is None or r.client_id == client_id)
            and (start is None or r.time >= start) and (end is None or r.time <= end)]
    return ok({"data": [
        {"id": r.id, "coin": r.coin, "receiver": int(r.to_uid), "amount": r.amount, "status": 6,
         "fromUid": int(r.from_uid), "recordType": "out" if r.from_uid == uid else "in"}
        for r in rows[offset:offset + limit]], "total": len(rows)})


def account_uid(call: Call) -> Reply:
    """GET /openApi/account/v1/uid."""
    return ok({"uid": call.uid})
