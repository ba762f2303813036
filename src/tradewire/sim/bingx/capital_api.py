"""Deposits and withdrawals (skills spot-wallet api-reference): history, coin networks, addresses, withdraw."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call, Endpoint, Handler, fmt
from tradewire.sim.bingx.capital import (
    EXPLORERS,
    NETWORKS,
    WITHDRAW_WALLETS,
    Deposit,
    Withdrawal,
    address_of,
    network_of,
    valid_address,
)
from tradewire.sim.bingx.contracts import COINS
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT as PERP
from tradewire.sim.bingx.perp import summary
from tradewire.sim.bingx.ratelimit import Limit
from tradewire.sim.bingx.replies import Reply, bare, ok
from tradewire.sim.jsonenc import Json
from tradewire.sim.ledger import InsufficientBalance

NOT_MAIN = 100403  # "The current account is not the main account" (spot-wallet api-reference)
_CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9]{1,99}$")


def is_sub(call: Call) -> bool:
    """Whether the caller is a sub-account."""
    return call.uid in call.state.subaccounts.accounts


def main_only(call: Call) -> None:
    """Refuse a sub-account caller (endpoints for main accounts only)."""
    if is_sub(call):
        raise ApiError(NOT_MAIN, "The current account is not the main account")


def _coin(call: Call, *, required: bool) -> str | None:
    coin = call.params.text("coin", required=required)
    if coin is not None and coin not in COINS:
        raise ApiError(errors.COIN_NOT_EXIST, f"coin {coin} does not exist")
    return coin


def _page(call: Call, default: int) -> tuple[int, int]:
    offset = call.params.integer("offset", default=0, low=0)
    limit = call.params.integer("limit", default=default, low=1, high=1000)
    assert offset is not None and limit is not None
    return offset, limit


def deposit_row(d: Deposit) -> Json:
    """One deposit as deposit/hisrec and subHisrec print it."""
    return {"insertTime": d.time, "amount": fmt(d.amount), "coin": d.coin, "network": d.network,
            "address": d.address, "addressTag": "", "txId": d.tx_id, "status": d.status, "transferType": 0,
            "unlockConfirm": f"{d.confirmations}/{d.confirmations}",
            "confirmTimes": f"{d.confirmations}/{d.confirmations}"}


def deposit_history(call: Call) -> Reply:
    """GET /openApi/api/v3/capital/deposit/hisrec: a bare array, newest first (not in the envelope)."""
    coin = _coin(call, required=False)
    status = call.params.integer("status")
    start, end = call.params.time_range()
    tx = call.params.text("txId")
    offset, limit = _page(call, 1000)
    rows = [d for d in reversed(call.state.capital.deposits) if d.uid == call.uid and coin in (None, d.coin)
            and status in (None, d.status) and tx in (None, d.tx_id)
            and (start is None or d.time >= start) and (end is None or d.time <= end)]
    return bare([deposit_row(d) for d in rows[offset:offset + limit]])


def _apply_time(ms: int) -> str:
    """``applyTime`` as the live server writes it (UTC, ``2019-10-12 11:12:02``; ccxt capture)."""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def withdraw_history(call: Call) -> Reply:
    """GET /openApi/api/v3/capital/withdraw/history: a bare array, newest first; ``withdrawOrderId`` only on
    withdrawals that carried one."""
    p = call.params
    coin = _coin(call, required=False)
    wid, client_id, tx = p.text("id"), p.text("withdrawOrderId"), p.text("txId")
    status = p.integer("status")
    start, end = p.time_range()
    offset, limit = _page(call, 1000)
    now = call.now
    rows = [w for w in reversed(call.state.capital.withdrawals) if w.uid == call.uid and coin in (None, w.coin)
            and wid in (None, w.id) and client_id in (None, w.client_id) and status in (None, w.status(now))
            and tx in (None, w.tx_id(now)) and (start is None or w.time >= start) and (end is None or w.time <= end)]
    out: list[Json] = []
    for w in rows[offset:offset + limit]:
        row: dict[str, Json] = {
            "id": w.id, "amount": fmt(w.amount), "transactionFee": fmt(w.fee), "coin": w.coin,
            "status": w.status(now), "address": w.address, "addressTag": w.tag, "txId": w.tx_id(now),
            "applyTime": _apply_time(w.time), "network": w.network, "transferType": 1, "info": "",
            "confirmNo": 0 if w.status(now) != 6 else network_confirm(w.coin, w.network)}
        if w.client_id is not None:
            row["withdrawOrderId"] = w.client_id
        out.append(row)
    return bare(out)


def network_confirm(coin: str, network: str) -> int:
    """Confirmations a network needs."""
    net = network_of(coin, network)
    return net.min_confirm if net is not None else 0


def coin_configs(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/config/getall: every coin with its networks (the live row also carries
    ``depositMin``, the precisions, ``needTagOrMemo`` and ``displayName``: ccxt capture, read by its
    ``fetch_currencies``)."""
    coin = call.params.text("coin")
    shown = call.params.text("displayName")
    rows: list[Json] = []
    for name, networks in NETWORKS.items():
        if coin not in (None, name) or shown not in (None, name):
            continue
        rows.append({"coin": name, "name": COINS[name], "networkList": [
            {"name": n.name, "network": n.network, "isDefault": n.default, "minConfirm": n.min_confirm,
             "withdrawEnable": True, "depositEnable": True, "withdrawFee": fmt(n.fee),
             "withdrawMax": fmt(n.withdraw_max), "withdrawMin": fmt(n.withdraw_min),
             "depositMin": fmt(n.deposit_min), "withdrawPrecision": n.precision, "depositPrecision": n.precision,
             "contractAddress": n.contract, "needTagOrMemo": False, "displayName": name,
             "depositDesc": "", "withdrawDesc": "", "specialTips": ""} for n in networks]})
    if coin is not None and not rows:
        raise ApiError(errors.COIN_NOT_EXIST, f"coin {coin} does not exist")
    return ok(rows)


def addresses(call: Call, uid: str, coin: str) -> list[Json]:
    """The deposit addresses of ``uid`` for ``coin``, one per network."""
    seed = call.state.seed
    return [{"coin": coin, "network": n.network, "address": address_of(seed, uid, n.network), "tag": "",
             "url": EXPLORERS[n.network] + address_of(seed, uid, n.network)} for n in NETWORKS[coin]]


def deposit_address(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/deposit/address: ``{total, data}`` (main accounts only)."""
    main_only(call)
    coin = _coin(call, required=True)
    assert coin is not None
    offset, limit = _page(call, 100)
    rows = addresses(call, call.uid, coin)
    return ok({"data": rows[offset:offset + limit], "total": len(rows)})


def risk_records(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/deposit/riskRecords: the simulator holds no deposit under review."""
    main_only(call)
    return ok([])


def withdraw(call: Call) -> Reply:
    """POST /openApi/wallets/v1/capital/withdraw/apply: ``amount`` leaves the ``walletType`` account; the
    network's fee is part of it (``amount - fee`` reaches the address, as ``transactionFee`` in the history
    shows). Answers ``{id}``; the withdrawal is under review (4) for a minute, then completed (6)."""
    p = call.params
    coin = _coin(call, required=True)
    assert coin is not None
    network_name = p.text("network")
    net = network_of(coin, network_name)
    if net is None:
        raise p.fail(f"network {network_name} is not supported for {coin}")
    address = p.require("address")
    amount = p.amount("amount")
    wallet_type = p.integer("walletType")
    if wallet_type is None:
        raise p.fail("walletType is required")
    if wallet_type not in WITHDRAW_WALLETS:
        raise p.fail("walletType must be one of 1, 2, 3, 15")
    client_id = p.text("withdrawOrderId")
    if client_id is not None and not _CLIENT_ID_RE.match(client_id):
        raise p.fail("withdrawOrderId must be letters and digits, fewer than 100")
    capital = call.state.capital
    if client_id is not None and any(w.uid == call.uid and w.client_id == client_id for w in capital.withdrawals):
        raise p.fail(f"withdrawOrderId {client_id} already exists")
    if not valid_address(net.network, address):
        raise p.fail(f"address is not a valid {net.network} address")
    if amount < net.withdraw_min:
        raise p.fail(f"amount must be at least {fmt(net.withdraw_min)} {coin} on {net.network}")
    if amount > net.withdraw_max:
        raise p.fail(f"amount must be at most {fmt(net.withdraw_max)} {coin} on {net.network}")
    if amount != amount.quantize(Decimal(1).scaleb(-net.precision)):
        raise p.fail(f"amount has more than {net.precision} decimals")
    account = WITHDRAW_WALLETS[wallet_type]
    available = None
    if account == PERP:
        state = call.state
        available = summary(state.ledger, state.book, state.market, call.uid, coin, call.now).available
    record = Withdrawal(capital.new_withdraw_id(), call.uid, coin, amount, net.fee, net.network, address,
                        p.text("addressTag") or "", wallet_type, client_id, call.now)
    try:
        capital.withdraw(call.state.ledger, record, available)
    except InsufficientBalance as exc:
        raise ApiError(errors.INSUFFICIENT_BALANCE, f"Insufficient assets: {exc}") from exc
    return ok({"id": record.id})


def signed(method: str, path: str, per_second: int, handler: Handler) -> Endpoint:
    """A signed account/wallet endpoint (100400 parameter errors, the account IP group)."""
    return Endpoint(method, path, "signed", False, Limit(per_second, 1000), "account", handler)


ENDPOINTS = (
    signed("GET", "/openApi/api/v3/capital/deposit/hisrec", 10, deposit_history),
    signed("GET", "/openApi/api/v3/capital/withdraw/history", 10, withdraw_history),
    signed("GET", "/openApi/wallets/v1/capital/config/getall", 5, coin_configs),
    signed("GET", "/openApi/wallets/v1/capital/deposit/address", 2, deposit_address),
    signed("GET", "/openApi/wallets/v1/capital/deposit/riskRecords", 2, risk_records),
    signed("POST", "/openApi/wallets/v1/capital/withdraw/apply", 2, withdraw),
)
