"""Sub-accounts (skills sub-account api-reference): lifecycle, API keys, balances, addresses, transfers.

A sub-account is a user with its own ledger rows and keys (subaccounts.py). Main-only endpoints answer a
sub-account caller 100403; a ``subUid`` that is not one of the caller's sub-accounts answers 100450.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.capital import NETWORKS, address_of, network_of
from tradewire.sim.bingx.capital_api import addresses, deposit_row, main_only, signed
from tradewire.sim.bingx.contracts import COINS
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT as PERP
from tradewire.sim.bingx.perp import summary
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.subaccounts import ACCOUNT_TYPES, PERMISSIONS, SubAccount, SubInnerTransfer, SubTransfer
from tradewire.sim.bingx.wallet_api import ACCOUNT_TYPES as OVERVIEW_TYPES
from tradewire.sim.bingx.wallet_api import _usdt_value
from tradewire.sim.jsonenc import Json
from tradewire.sim.ledger import InsufficientBalance

WRONG_ACCOUNT = 100450  # "The current account information is incorrect (e.g. invalid sub-account UID)"
_NAME_RE = re.compile(r"^[A-Za-z](?=.*[0-9])[A-Za-z0-9]{6,}$")


def _sub(call: Call, name: str = "subUid", *, required: bool = True) -> SubAccount | None:
    """The caller's sub-account named by ``name`` (main accounts only)."""
    main_only(call)
    uid = call.params.text(name, required=required)
    if uid is None:
        return None
    account = call.state.subaccounts.accounts.get(uid)
    if account is None or account.parent != call.uid:
        raise ApiError(WRONG_ACCOUNT, f"{uid} is not a sub-account of this account")
    return account


def _required_sub(call: Call, name: str = "subUid") -> SubAccount:
    account = _sub(call, name)
    assert account is not None
    return account


def _list(call: Call, name: str) -> list[Json]:
    raw = call.params.text(name)
    if raw is None:
        return []
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise call.params.fail(f"{name} must be a JSON array") from exc
    if not isinstance(value, list):
        raise call.params.fail(f"{name} must be a JSON array")
    return value


def _permissions(call: Call) -> list[int]:
    perms = _list(call, "permissions")
    if not perms or any(not isinstance(p, int) or p not in PERMISSIONS for p in perms):
        raise call.params.fail(f"permissions must be a list of {', '.join(map(str, PERMISSIONS))}")
    return [p for p in perms if isinstance(p, int)]


def _bool(call: Call, name: str) -> bool:
    value = call.params.enum(name, ("true", "false"), required=True)
    return value == "true"


def _key_of(call: Call) -> Json:
    """The caller's key as apiPermissions shows it (a user's own key holds every permission)."""
    account = call.state.subaccounts.accounts.get(call.uid)
    assert call.user is not None
    key = next((k for k in account.keys if k.api_key == call.user.api_key), None) if account else None
    perms = set(key.permissions) if key else set(PERMISSIONS)
    return {"ipRestrict": bool(key and key.ip_addresses), "createTime": key.created if key else 0,
            "enableReading": 2 in perms, "enableSpotAndMarginTrading": 1 in perms, "enableWithdrawals": 5 in perms,
            "enableInternalTransfer": 7 in perms, "enableFutures": 3 in perms, "permitsUniversalTransfer": 4 in perms,
            "enableVanillaOptions": False}


def api_permissions(call: Call) -> Reply:
    """GET /openApi/v1/account/apiPermissions."""
    return ok(_key_of(call))


def api_key_query(call: Call) -> Reply:
    """GET /openApi/account/v1/apiKey/query: the keys of the caller or of one of its sub-accounts, masked."""
    uid = call.params.require("uid")
    wanted = call.params.text("apiKey")
    if uid == call.uid and uid not in call.state.subaccounts.accounts:
        assert call.user is not None
        rows: list[Json] = [{"apiKey": _mask(call.user.api_key), "note": "", "permissions": list(PERMISSIONS),
                             "ipAddresses": [], "createTime": 0}] if wanted in (None, call.user.api_key) else []
        return ok({"apiKeyList": rows})
    account = call.state.subaccounts.accounts.get(uid)
    if account is None or call.uid not in (account.parent, account.uid):
        raise ApiError(WRONG_ACCOUNT, f"{uid} is not this account or one of its sub-accounts")
    return ok({"apiKeyList": [
        {"apiKey": _mask(k.api_key), "note": k.note, "permissions": list[Json](k.permissions),
         "ipAddresses": list[Json](k.ip_addresses),
         "createTime": k.created} for k in account.keys if wanted in (None, k.api_key)]})


def _mask(key: str) -> str:
    return key[:6] + "*" * 8 + key[-4:]


def create(call: Call) -> Reply:
    """POST /openApi/subAccount/v1/create (JSON body)."""
    main_only(call)
    name = call.params.require("subAccountString")
    if not _NAME_RE.match(name):
        raise call.params.fail("subAccountString must start with a letter, contain a number, be longer than 6")
    subs = call.state.subaccounts
    if any(a.name == name for a in subs.accounts.values()):
        raise call.params.fail(f"subAccountString {name} already exists")
    account = subs.create(call.uid, name, call.params.text("note") or "", call.now)
    return ok({"subUid": int(account.uid), "subAccountString": account.name, "note": account.note})


def sub_list(call: Call) -> Reply:
    """GET /openApi/subAccount/v1/list (``isFeeze``, sic, filters by frozen state)."""
    main_only(call)
    p = call.params
    page = p.integer("page", low=1)
    limit = p.integer("limit", low=1, high=1000)
    if page is None or limit is None:
        raise p.fail("page and limit are required")
    uid, name = p.text("subUid"), p.text("subAccountString")
    frozen = p.enum("isFeeze", ("true", "false"))
    rows = [a for a in call.state.subaccounts.of(call.uid) if uid in (None, a.uid) and name in (None, a.name)
            and frozen in (None, "true" if a.frozen else "false")]
    return ok({"subAccountList": [
        {"uid": int(a.uid), "subAccountString": a.name, "note": a.note, "isFreeze": a.frozen,
         "createTime": a.created} for a in rows[(page - 1) * limit:page * limit]], "total": len(rows)})


def assets(call: Call) -> Reply:
    """GET /openApi/subAccount/v1/assets: the sub-account's fund account."""
    account = _required_sub(call)
    return ok({"balances": [{"asset": a, "free": fmt(v), "locked": "0"}
                            for a, v in call.state.ledger.assets(account.uid, "fund").items()]})


def update_status(call: Call) -> Reply:
    """POST /openApi/subAccount/v1/updateStatus (JSON body): a frozen sub-account's keys stop working."""
    account = _required_sub(call)
    account.frozen = _bool(call, "freeze")
    return ok({"subUid": int(account.uid), "isFreeze": account.frozen})


def all_balances(call: Call) -> Reply:
    """GET /openApi/subAccount/v1/allAccountBalance: USDT value per account type of each sub-account."""
    main_only(call)
    p = call.params
    page = p.integer("pageIndex", low=1)
    size = p.integer("pageSize", low=1, high=10)
    if page is None or size is None:
        raise p.fail("pageIndex and pageSize are required")
    only = _sub(call, required=False)
    wanted = p.enum("accountType", OVERVIEW_TYPES)
    subs = [a for a in call.state.subaccounts.of(call.uid) if only is None or a is only]
    rows: list[Json] = []
    for a in subs[(page - 1) * size:page * size]:
        view = Call(call.state, p, a.user(), call.now)
        rows.append({"subUid": int(a.uid), "balances": [
            {"accountType": name, "usdtBalance": fmt((_usdt_value(view, acct) if acct else Decimal(0))
                                                     .quantize(Decimal("1E-8")))}
            for name, acct in OVERVIEW_TYPES.items() if wanted in (None, name)]})
    return ok({"list": rows, "total": len(subs)})


def api_key_create(call: Call) -> Reply:
    """POST /openApi/subAccount/v1/apiKey/create (JSON body): the secret is in this answer only."""
    account = _required_sub(call)
    note = call.params.require("note")
    ips = [str(i) for i in _list(call, "ipAddresses")]
    key = call.state.subaccounts.new_key(account, note, _permissions(call), ips, call.now)
    return ok({"apiKey": key.api_key, "secretKey": key.secret, "note": key.note,
               "permissions": list[Json](key.permissions), "ipAddresses": list[Json](key.ip_addresses)})


def _key(call: Call, account: SubAccount) -> int:
    api_key = call.params.require("apiKey")
    for i, key in enumerate(account.keys):
        if key.api_key == api_key:
            return i
    raise ApiError(WRONG_ACCOUNT, "the apiKey does not belong to this sub-account")


def api_key_edit(call: Call) -> Reply:
    """POST /openApi/subAccount/v1/apiKey/edit (JSON body)."""
    account = _required_sub(call)
    key = account.keys[_key(call, account)]
    key.note = call.params.require("note")
    key.permissions = _permissions(call)
    key.ip_addresses = [str(i) for i in _list(call, "ipAddresses")]
    return ok({"apiKey": _mask(key.api_key), "note": key.note, "permissions": list[Json](key.permissions),
               "ipAddresses": list[Json](key.ip_addresses)})


def api_key_delete(call: Call) -> Reply:
    """POST /openApi/subAccount/v1/apiKey/del (JSON body): ``{}``."""
    account = _required_sub(call)
    del account.keys[_key(call, account)]
    return ok({})


def authorize(call: Call) -> Reply:
    """POST /openApi/account/v1/innerTransfer/authorizeSubAccount."""
    main_only(call)
    allowed = _bool(call, "transferable")
    good: list[Json] = []
    bad: list[Json] = []
    for uid in call.params.require("subUids").split(","):
        account = call.state.subaccounts.accounts.get(uid)
        if account is not None and account.parent == call.uid:
            account.transferable = allowed
            good.append(int(uid))
        else:
            bad.append(int(uid) if uid.isdigit() else uid)
    return ok({"successList": good, "failList": bad})


def _family(call: Call, uid: str) -> str:
    """The master of ``uid``'s group (itself when it is a master)."""
    account = call.state.subaccounts.accounts.get(uid)
    return account.parent if account is not None else uid


def _available(call: Call, uid: str, account: str, coin: str) -> Decimal | None:
    if account != PERP:
        return None
    state = call.state
    return summary(state.ledger, state.book, state.market, uid, coin, call.now).available


def _move(call: Call, src: tuple[str, str], dst: tuple[str, str], coin: str, amount: Decimal, reason: str) -> None:
    if src[0] in call.state.subaccounts.accounts and call.state.subaccounts.accounts[src[0]].frozen:
        raise ApiError(WRONG_ACCOUNT, f"sub-account {src[0]} is frozen")
    try:
        call.state.ledger.move(src, dst, coin, amount, available=_available(call, *src, coin), reason=reason,
                               time=call.now)
    except InsufficientBalance as exc:
        raise ApiError(errors.INSUFFICIENT_BALANCE, f"Insufficient assets: {exc}") from exc


def _coin(call: Call, name: str = "coin") -> str:
    coin = call.params.require(name)
    if coin not in COINS:
        raise ApiError(errors.COIN_NOT_EXIST, f"coin {coin} does not exist")
    return coin


def inner_transfer(call: Call) -> Reply:
    """POST /openApi/wallets/v1/capital/subAccountInnerTransfer/apply: within one master's group; a sub-account
    sends only when authorized (authorizeSubAccount); the receiver is credited in its fund account."""
    p = call.params
    coin = _coin(call)
    amount = p.amount("amount")
    kind = p.integer("userAccountType", low=1, high=3)
    wallet = p.integer("walletType")
    if kind is None or wallet not in ACCOUNT_TYPES:
        raise p.fail("userAccountType (1, 2, 3) and walletType (1, 2, 3) are required")
    receiver = call.state.find_user(kind, p.require("userAccount"), p.text("callingCode", required=kind == 2))
    if receiver is None or receiver.uid == call.uid or _family(call, receiver.uid) != _family(call, call.uid):
        raise ApiError(WRONG_ACCOUNT, "the receiver is not an account of this group")
    sender = call.state.subaccounts.accounts.get(call.uid)
    if sender is not None and not sender.transferable:
        raise ApiError(errors.PARAM_ERROR, "this sub-account is not authorized to transfer")
    _move(call, (call.uid, ACCOUNT_TYPES[wallet]), (receiver.uid, "fund"), coin, amount, "SUB_INNER_TRANSFER")
    record = SubInnerTransfer(call.state.subaccounts.new_tran_id(), coin, amount, call.uid, receiver.uid, wallet,
                              call.now)
    call.state.subaccounts.inner.append(record)
    return ok({"tranId": record.tran_id})


def inner_records(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/subAccount/innerTransfer/records: the group's, newest first."""
    coin = _coin(call)
    start, end = call.params.time_range()
    offset = call.params.integer("offset", default=0, low=0) or 0
    limit = call.params.integer("limit", default=100, low=1, high=1000) or 100
    family = _family(call, call.uid)
    rows = [r for r in reversed(call.state.subaccounts.inner) if r.coin == coin
            and _family(call, r.from_uid) == family and (call.uid == family or call.uid in (r.from_uid, r.to_uid))
            and (start is None or r.time >= start) and (end is None or r.time <= end)]
    return ok({"records": [{"tranId": r.tran_id, "coin": r.coin, "amount": fmt(r.amount), "fromUid": int(r.from_uid),
                            "toUid": int(r.to_uid), "status": 4, "createTime": r.time}
                           for r in rows[offset:offset + limit]], "total": len(rows)})


def _group_member(call: Call, uid: str, kind: int | None) -> None:
    """``uid`` is the master itself (kind 1) or one of its sub-accounts (kind 2)."""
    sub = call.state.subaccounts.accounts.get(uid)
    ok_master = uid == call.uid and kind in (None, 1)
    ok_sub = sub is not None and sub.parent == call.uid and kind in (None, 2)
    if not (ok_master or ok_sub):
        raise ApiError(WRONG_ACCOUNT, f"{uid} is not the master or one of its sub-accounts")


def _account_type(call: Call, name: str) -> str:
    kind = call.params.integer(name)
    if kind not in ACCOUNT_TYPES:
        raise call.params.fail(f"{name} must be one of 1, 2, 3")
    return ACCOUNT_TYPES[kind]


def transfer_coins(call: Call) -> Reply:
    """POST /openApi/account/transfer/v1/subAccount/transferAsset/supportCoins: what the sender holds."""
    main_only(call)
    src_uid, dst_uid = call.params.require("fromUid"), call.params.require("toUid")
    _group_member(call, src_uid, None)
    _group_member(call, dst_uid, None)
    src, _ = _account_type(call, "fromAccountType"), _account_type(call, "toAccountType")
    rows: list[Json] = []
    for coin, amount in call.state.ledger.assets(src_uid, src).items():
        available = _available(call, src_uid, src, coin)
        free = amount if available is None else min(amount, available)
        if free > 0:
            rows.append({"coin": coin, "transferableAmount": fmt(free)})
    return ok({"coinList": rows})


def transfer_asset(call: Call) -> Reply:
    """POST /openApi/account/transfer/v1/subAccount/transferAsset: between the master and its sub-accounts."""
    main_only(call)
    p = call.params
    coin = _coin(call, "assetName")
    amount = p.amount("transferAmount")
    src_uid, dst_uid = p.require("fromUid"), p.require("toUid")
    _group_member(call, src_uid, p.integer("fromType", low=1, high=2))
    _group_member(call, dst_uid, p.integer("toType", low=1, high=2))
    src, dst = _account_type(call, "fromAccountType"), _account_type(call, "toAccountType")
    remark = p.require("remark")
    if (src_uid, src) == (dst_uid, dst):
        raise p.fail("the sender and the receiver are the same account")
    _move(call, (src_uid, src), (dst_uid, dst), coin, amount, "SUB_TRANSFER")
    record = SubTransfer(call.state.subaccounts.new_tran_id(), coin, amount, src_uid, src, dst_uid, dst, remark,
                         call.now)
    call.state.subaccounts.transfers.append(record)
    return ok({"tranId": record.tran_id})


def transfer_history(call: Call) -> Reply:
    """GET /openApi/account/transfer/v1/subAccount/asset/transferHistory: rows touching ``uid``, newest first."""
    main_only(call)
    p = call.params
    uid = p.require("uid")
    _group_member(call, uid, None)
    tran_id = p.text("tranId")
    start, end = p.time_range()
    page = p.integer("pageId", default=1, low=1) or 1
    size = p.integer("pagingSize", default=10, low=1, high=100) or 10
    rows = [r for r in reversed(call.state.subaccounts.transfers) if uid in (r.from_uid, r.to_uid)
            and tran_id in (None, r.tran_id) and (start is None or r.time >= start) and (end is None or r.time <= end)]
    return ok({"rows": [{"tranId": r.tran_id, "asset": r.asset, "amount": fmt(r.amount),
                         "type": "OUT" if r.from_uid == uid else "IN", "status": "SUCCESS", "timestamp": r.time}
                        for r in rows[(page - 1) * size:page * size]], "total": len(rows)})


def sub_addresses(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/subAccount/deposit/address."""
    account = _required_sub(call)
    coin = _coin(call)
    offset = call.params.integer("offset", default=0, low=0) or 0
    limit = call.params.integer("limit", default=100, low=1, high=1000) or 100
    rows: list[Json] = []
    for a in addresses(call, account.uid, coin):
        assert isinstance(a, dict)
        rows.append({k: v for k, v in a.items() if k != "url"})
    return ok({"addressList": rows[offset:offset + limit], "total": len(rows)})


def sub_deposits(call: Call) -> Reply:
    """GET /openApi/wallets/v1/capital/deposit/subHisrec: deposits of one or all sub-accounts, newest first."""
    only = _sub(call, required=False)
    p = call.params
    coin, tx = p.text("coin"), p.text("txId")
    status = p.integer("status")
    start, end = p.time_range()
    offset = p.integer("offset", default=0, low=0) or 0
    limit = p.integer("limit", default=100, low=1, high=1000) or 100
    mine = {a.uid for a in call.state.subaccounts.of(call.uid)} if only is None else {only.uid}
    rows = [d for d in reversed(call.state.capital.deposits) if d.uid in mine and coin in (None, d.coin)
            and tx in (None, d.tx_id) and status in (None, d.status)
            and (start is None or d.time >= start) and (end is None or d.time <= end)]
    out: list[Json] = []
    for d in rows[offset:offset + limit]:
        row = deposit_row(d)
        assert isinstance(row, dict)
        out.append({"uid": int(d.uid), **{k: row[k] for k in ("coin", "amount", "network", "status", "address",
                                                                "txId", "insertTime", "transferType")}})
    return ok({"depositList": out, "total": len(rows)})


def create_sub_address(call: Call) -> Reply:
    """POST /openApi/wallets/v1/capital/deposit/createSubAddress (JSON body): status 0 = activated."""
    account = _required_sub(call)
    coin = _coin(call)
    network = call.params.require("network")
    net = network_of(coin, network)
    if net is None:
        raise call.params.fail(f"network {network} is not supported for {coin}; one of "
                               + ", ".join(n.network for n in NETWORKS[coin]))
    wallet = call.params.integer("walletType")
    if wallet not in (1, 2, 3, 15):
        raise call.params.fail("walletType must be one of 1, 2, 3, 15")
    address = address_of(call.state.seed, account.uid, net.network)
    return ok({"address": address, "addressTag": "", "addressWithPrefix": address, "coin": coin,
               "network": net.network, "status": 0, "ts": call.now, "walletType": wallet})


ENDPOINTS = (
    signed("GET", "/openApi/v1/account/apiPermissions", 2, api_permissions),
    signed("GET", "/openApi/v1/account/apiRestrictions", 5, api_permissions),
    signed("GET", "/openApi/account/v1/apiKey/query", 5, api_key_query),
    signed("POST", "/openApi/subAccount/v1/create", 1, create),
    signed("GET", "/openApi/subAccount/v1/list", 1, sub_list),
    signed("GET", "/openApi/subAccount/v1/assets", 5, assets),
    signed("POST", "/openApi/subAccount/v1/updateStatus", 1, update_status),
    signed("GET", "/openApi/subAccount/v1/allAccountBalance", 5, all_balances),
    signed("POST", "/openApi/subAccount/v1/apiKey/create", 5, api_key_create),
    signed("POST", "/openApi/subAccount/v1/apiKey/edit", 5, api_key_edit),
    signed("POST", "/openApi/subAccount/v1/apiKey/del", 5, api_key_delete),
    signed("POST", "/openApi/account/v1/innerTransfer/authorizeSubAccount", 5, authorize),
    signed("POST", "/openApi/wallets/v1/capital/subAccountInnerTransfer/apply", 5, inner_transfer),
    signed("GET", "/openApi/wallets/v1/capital/subAccount/deposit/address", 5, sub_addresses),
    signed("GET", "/openApi/wallets/v1/capital/deposit/subHisrec", 5, sub_deposits),
    signed("GET", "/openApi/wallets/v1/capital/subAccount/innerTransfer/records", 5, inner_records),
    signed("GET", "/openApi/account/transfer/v1/subAccount/asset/transferHistory", 5, transfer_history),
    signed("POST", "/openApi/account/transfer/v1/subAccount/transferAsset/supportCoins", 5, transfer_coins),
    signed("POST", "/openApi/account/transfer/v1/subAccount/transferAsset", 5, transfer_asset),
    signed("POST", "/openApi/wallets/v1/capital/deposit/createSubAddress", 5, create_sub_address),
)
