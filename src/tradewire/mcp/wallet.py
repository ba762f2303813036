"""The wallet and sub-account tools' work (BingX): histories, coin networks, addresses, sub-accounts, and the
two money movers, withdraw and sub-account transfer, prepared behind a one-time token (money.prepare)."""

from __future__ import annotations

from tradewire.app.values import COIN
from tradewire.app.wallet import ACCOUNTS, DEPOSIT_STATUS, PAGE, UID, WITHDRAW_STATUS, apply_ms
from tradewire.app.withdrawal import WALLETS, plan
from tradewire.core.clock import Clock
from tradewire.core.errors import OrderNotPlaced, ServerError, UnknownOutcome, ValidationError
from tradewire.mcp.desk import Desk, Doc, OutcomeUnknown, moment, plain, positive, utc
from tradewire.mcp.money import prepare

LIMIT_MAX = 1000
#: the withdrawal checks' parameters, as the tool names them
NAMES = {"coin": "coin", "amount": "amount", "address": "address", "network": "network", "tag": "tag",
         "account": "from_account"}
SUB_PAGE = 10


def _limit(limit: int) -> int:
    if not 1 <= limit <= LIMIT_MAX:
        raise ValidationError("limit", f"must be 1 to {LIMIT_MAX}", limit)
    return limit


def _coin(text: str, param: str = "coin") -> str:
    name = text.strip().upper()
    if not COIN.match(name):
        raise ValidationError(param, "must be a coin name such as USDT (1-20 letters or digits)", text)
    return name


def _window(start_time: str | None, end_time: str | None) -> tuple[int | None, int | None]:
    now = Clock.local_ms()
    start, end = moment(start_time, "start_time", now), moment(end_time, "end_time", now)
    if start is not None and end is not None and end < start:
        raise ValidationError("end_time", "must not be before start_time", end_time)
    return start, end


def deposits(desk: Desk, coin: str | None = None, start_time: str | None = None, end_time: str | None = None,
             limit: int = 100) -> Doc:
    """Deposits, newest first."""
    name = _coin(coin) if coin else None
    start, end = _window(start_time, end_time)
    rows = desk.bingx("deposits").deposits(name, start_time=start, end_time=end, limit=_limit(limit))
    return {"coin": name or "all", "rows": [
        {"time": d.insert_time, "time_utc": utc(d.insert_time), "coin": d.coin, "amount": plain(d.amount),
         "network": d.network, "status": d.status, "status_text": DEPOSIT_STATUS.get(d.status, "unknown"),
         "address": d.address, "tx_id": d.tx_id or None} for d in rows]}


def withdrawals(desk: Desk, coin: str | None = None, client_id: str | None = None, start_time: str | None = None,
                end_time: str | None = None, limit: int = 100) -> Doc:
    """Withdrawals, newest first; `client_id` is the withdraw order id a prepare_withdraw preview showed."""
    name = _coin(coin) if coin else None
    start, end = _window(start_time, end_time)
    rows = desk.bingx("withdrawals").withdrawals(name, withdraw_order_id=client_id, start_time=start,
                                                 end_time=end, limit=_limit(limit))
    return {"coin": name or "all", "rows": [
        {"time": apply_ms(w.apply_time), "id": str(w.id), "client_id": w.withdraw_order_id, "coin": w.coin,
         "amount": plain(w.amount), "fee": plain(w.transaction_fee), "network": w.network, "address": w.address,
         "status": w.status, "status_text": WITHDRAW_STATUS.get(w.status, "unknown"), "tx_id": w.tx_id or None}
        for w in rows]}


def deposit_address(desk: Desk, coin: str, network: str | None = None) -> Doc:
    """The deposit addresses of a coin (one network, or all)."""
    name = _coin(coin)
    got = desk.bingx("deposit_address").deposit_addresses(name, limit=PAGE).data
    rows = [a for a in got if network is None or a.network.upper() == network.strip().upper()]
    if network is not None and not rows:
        raise ValidationError("network", f"must be one of {', '.join(a.network for a in got) or 'none'} for {name}",
                              network)
    return {"coin": name, "addresses": [{"network": a.network, "address": a.address, "tag": a.tag or None}
                                        for a in rows]}


def coins(desk: Desk, coin: str | None = None) -> Doc:
    """Coin networks with their fees, limits and whether deposits and withdrawals are open."""
    name = _coin(coin) if coin else None
    configs = desk.bingx("coins").coin_configs(name)
    return {"networks": [
        {"coin": c.coin, "network": n.network, "name": n.name, "default": n.is_default,
         "deposit_enabled": n.deposit_enable, "withdraw_enabled": n.withdraw_enable,
         "withdraw_fee": plain(n.withdraw_fee), "withdraw_min": plain(n.withdraw_min),
         "withdraw_max": plain(n.withdraw_max), "deposit_min": plain(n.deposit_min),
         "withdraw_decimals": n.withdraw_precision, "confirmations": n.min_confirm,
         "needs_memo": n.need_tag_or_memo} for c in configs for n in c.network_list]}


def subaccounts(desk: Desk) -> Doc:
    """Your sub-accounts."""
    got = desk.bingx("subaccounts").subaccounts(page=1, limit=LIMIT_MAX)
    return {"total": got.total, "subaccounts": [
        {"uid": str(a.uid), "name": a.sub_account_string, "note": a.note or None, "frozen": a.is_freeze,
         "created": a.create_time} for a in got.sub_account_list]}


def _uid(text: str, param: str) -> str:
    value = text.strip().lower()
    if value != "main" and not UID.match(value):
        raise ValidationError(param, "must be a UID (digits) or main", text)
    return value


def subaccount_balances(desk: Desk, sub_uid: str | None = None, page: int = 1) -> Doc:
    """USDT value per account type of your sub-accounts (10 a page); one sub-account's fund assets with sub_uid."""
    sub = _uid(sub_uid, "sub_uid") if sub_uid is not None else None
    if sub == "main":
        raise ValidationError("sub_uid", "must be a sub-account's UID (balances shows the main account)", sub_uid)
    if page < 1:
        raise ValidationError("page", "must be 1 or more", page)
    client = desk.bingx("subaccount_balances")
    got = client.subaccount_balances(page_index=page, page_size=SUB_PAGE, sub_uid=sub)
    doc: Doc = {"page": page, "total": got.total, "values": [
        {"uid": str(r.sub_uid), "account": b.account_type, "usdt": plain(b.usdt_balance)}
        for r in got.rows for b in r.balances]}
    if sub is not None:
        doc["fund_assets"] = [{"asset": a.asset, "free": plain(a.free), "locked": plain(a.locked)}
                              for a in client.subaccount_assets(sub)]
    return doc


def subaccount_transfer_history(desk: Desk, uid: str, start_time: str | None = None,
                                end_time: str | None = None) -> Doc:
    """Transfers touching one account of your group (main or a sub-account), newest first (100 at most)."""
    who = _uid(uid, "uid")
    start, end = _window(start_time, end_time)
    client = desk.bingx("subaccount_transfer_history")
    target = client.uid() if who == "main" else who
    got = client.subaccount_transfer_history(target, start_time=start, end_time=end, page_id=1, paging_size=100)
    return {"uid": target, "total": got.total, "rows": [
        {"time": r.timestamp, "time_utc": utc(r.timestamp), "tran_id": str(r.tran_id), "direction": r.type,
         "asset": r.asset, "amount": plain(r.amount), "status": r.status} for r in got.rows]}


def prepare_withdraw(desk: Desk, coin: str, amount: str, address: str, network: str | None = None,
                     tag: str | None = None, from_account: str = "fund") -> Doc:
    """Check a withdrawal against the coin's network config and preview it; the withdraw order id is fixed now."""
    from tradewire.bingx.wallet import new_withdraw_order_id

    client = desk.bingx("prepare_withdraw")
    p = plan(client, _coin(coin), positive(amount, "amount"), address, network, tag, from_account, NAMES)
    cid = new_withdraw_order_id()
    net = p.network.network
    what = {"action": "withdraw", "coin": p.coin, "network": net, "address": p.address, "tag": p.tag,
            "amount": format(p.amount, "f"), "fee": format(p.fee, "f"), "arrives": format(p.arrives, "f"),
            "from_account": p.wallet, "client_id": cid,
            "summary": f"Withdraw {p.amount:f} {p.coin} on {net} from your {p.wallet} account to {p.address}"
                       + (f" (tag {p.tag})" if p.tag else "") + f": the {p.fee:f} {p.coin} fee is taken out, "
                       f"{p.arrives:f} {p.coin} arrives. A withdrawal cannot be reversed."}

    def act() -> Doc:
        try:
            done = client.withdraw(p.coin, p.address, p.amount, WALLETS[p.wallet], net, p.tag, cid)
        except OrderNotPlaced as e:
            raise OutcomeUnknown(f"withdrawal NOT made: its answer was lost and no withdrawal {cid} exists "
                                 f"({e.message}); nothing left the account. Call prepare_withdraw again to retry."
                                 ) from None
        except (UnknownOutcome, ServerError) as e:
            raise OutcomeUnknown(
                f"OUTCOME UNKNOWN: the withdrawal ({what['summary']}) was sent but no clear answer came back ({e}). "
                "It may or may not have been made, and it was NOT retried. Check with "
                f"withdrawals(coin=\"{p.coin}\", client_id=\"{cid}\") before trying again.") from None
        return {"id": str(done.id), "client_id": cid}

    return prepare(desk, what, act)


def prepare_subaccount_transfer(desk: Desk, asset: str, amount: str, from_uid: str, to_uid: str,
                                from_account: str = "fund", to_account: str = "fund",
                                remark: str = "tradewire") -> Doc:
    """Preview a transfer between your main account and your sub-accounts (or two sub-accounts)."""
    coin, qty = _coin(asset, "asset"), positive(amount, "amount")
    src_given, dst_given = _uid(from_uid, "from_uid"), _uid(to_uid, "to_uid")
    for param, value in (("from_account", from_account), ("to_account", to_account)):
        if value not in ACCOUNTS:
            raise ValidationError(param, f"must be one of {', '.join(ACCOUNTS)}", value)
    note = remark.strip()
    if not 1 <= len(note) <= 200:
        raise ValidationError("remark", "must be 1-200 characters", remark)
    client = desk.bingx("prepare_subaccount_transfer")
    main = client.uid()
    src = main if src_given == "main" else src_given
    dst = main if dst_given == "main" else dst_given
    if (src, from_account) == (dst, to_account):
        raise ValidationError("to_uid", "must differ from from_uid (same UID and same account)", to_uid)
    known = {str(a.uid) for a in client.subaccounts(page=1, limit=LIMIT_MAX).sub_account_list}
    for param, uid in (("from_uid", src), ("to_uid", dst)):
        if uid != main and uid not in known:
            raise ValidationError(param, "must be main or one of your sub-accounts (see subaccounts)", uid)

    def side(uid: str, account: str) -> str:
        return f"{'main' if uid == main else 'sub-account'} {uid} {account} account"

    what = {"action": "subaccount_transfer", "asset": coin, "amount": format(qty, "f"), "from_uid": src,
            "from_account": from_account, "to_uid": dst, "to_account": to_account, "remark": note,
            "summary": f"Transfer {qty:f} {coin} from {side(src, from_account)} to {side(dst, to_account)}"}

    def act() -> Doc:
        try:
            tran_id = client.subaccount_transfer(coin, qty, src, 1 if src == main else 2, ACCOUNTS[from_account],
                                                 dst, 1 if dst == main else 2, ACCOUNTS[to_account], note)
        except (UnknownOutcome, ServerError) as e:
            raise OutcomeUnknown(
                f"OUTCOME UNKNOWN: the transfer ({what['summary']}) was sent but no clear answer came back ({e}). "
                "It may or may not have been executed, and it was NOT retried. Check with "
                f"subaccount_transfer_history(uid=\"{src}\", start_time=\"1h\") before trying again.") from None
        return {"tran_id": tran_id}

    return prepare(desk, what, act)
