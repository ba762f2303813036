"""BingX deposits and withdrawals (skills spot-wallet api-reference): declarations, and a withdrawal that is
sent once and reconciled by its `withdrawOrderId`.

Decision on an unknown outcome of a withdrawal (timeout, HTTP 5xx, connection lost after sending): it is never
sent again. The client tags every withdrawal with a `withdrawOrderId` (one is generated when the caller gave
none) and looks it up in the withdrawal history. Found: that withdrawal's id is returned. Not found: the lookup
is repeated once the request's validity window (`recvWindow` plus a margin) has passed; still not found means it
was not made, and `OrderNotPlaced` (with `client_order_id` = the withdrawOrderId) says it is safe to send again.
No answer to the lookups: `UnknownOutcome` with what was sent.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from tradewire.bingx import wallet_models as w
from tradewire.bingx.endpoints import END, START, signed
from tradewire.bingx.orders import DEFAULT_RECV_WINDOW_MS, LOOKUPS, WINDOW_MARGIN_MS
from tradewire.core.call import Context, Flow, Sleep, backoff, flow
from tradewire.core.clock import Clock
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.errors import OrderNotPlaced, RateLimited, ServerError, TransportError, UnknownOutcome
from tradewire.core.validate import any_value, integer, one_of, positive, text

COIN = text(r"[A-Z0-9]+", max_len=20, rule="must be an upper-case coin name")
NETWORK = text(r"[A-Za-z0-9_-]+", max_len=40, rule="a network name such as TRC20, ERC20, BEP20")
#: "a combination of numbers and letters, with a length of less than 100 characters"
WITHDRAW_ORDER_ID = text(r"[A-Za-z0-9]+", max_len=99, rule="letters and digits only, under 100 characters")
#: walletType of a withdrawal: 1 fund, 2 standard futures, 3 perpetual futures (spot-wallet api-reference), and
#: 15 spot (listed for createSubAddress; ccxt's default for withdrawals on the live server)
WITHDRAW_WALLETS = (1, 2, 3, 15)
OFFSET, LIMIT = Param("offset", integer(0)), Param("limit", integer(1, 1000))

DEPOSITS = signed("wallet.deposit.history", "GET", "/openApi/api/v3/capital/deposit/hisrec", list[w.Deposit],
                  Param("coin", COIN), Param("status", one_of(0, 1, 2, 6)), START, END, OFFSET, LIMIT,
                  Param("txId", any_value), shape="unwrapped", limits=("uid:10/1",))
WITHDRAWALS = signed("wallet.withdraw.history", "GET", "/openApi/api/v3/capital/withdraw/history",
                     list[w.Withdrawal], Param("id", any_value), Param("coin", COIN),
                     Param("withdrawOrderId", WITHDRAW_ORDER_ID), Param("status", one_of(4, 5, 6)), START, END,
                     OFFSET, LIMIT, Param("txId", any_value), shape="unwrapped", limits=("uid:10/1",))
COIN_CONFIGS = signed("wallet.config.getall", "GET", "/openApi/wallets/v1/capital/config/getall",
                      list[w.CoinConfig], Param("coin", COIN), Param("displayName", any_value),
                      limits=("uid:5/1",))
DEPOSIT_ADDRESS = signed("wallet.deposit.address", "GET", "/openApi/wallets/v1/capital/deposit/address",
                         w.DepositAddresses, Param("coin", COIN, required=True), OFFSET, LIMIT, limits=("uid:2/1",))
DEPOSIT_RISK = signed("wallet.deposit.riskRecords", "GET", "/openApi/wallets/v1/capital/deposit/riskRecords",
                      list[w.RiskRecord], limits=("uid:2/1",))
WITHDRAW = signed("wallet.withdraw.apply", "POST", "/openApi/wallets/v1/capital/withdraw/apply", w.WithdrawResult,
                  Param("coin", COIN, required=True), Param("network", NETWORK),
                  Param("address", text(max_len=200), required=True), Param("addressTag", text(max_len=200)),
                  Param("amount", positive, required=True),
                  Param("walletType", one_of(*WITHDRAW_WALLETS), required=True),
                  Param("withdrawOrderId", WITHDRAW_ORDER_ID), Param("vaspEntityId", any_value),
                  Param("recipientLastName", any_value), Param("recipientFirstName", any_value),
                  Param("dateOfbirth", any_value), limits=("uid:2/1",), write=True)


def new_withdraw_order_id() -> str:
    """A fresh withdrawOrderId: 32 letters and digits."""
    return "tw" + secrets.token_hex(15)


def withdraw(ctx: Context, ep: Endpoint, params: Mapping[str, Any]) -> Flow:
    """Validate, tag with a withdrawOrderId, send `ep` once, reconcile an unknown outcome (module docstring)."""
    given = {k: v for k, v in params.items() if v is not None}
    given.setdefault("withdrawOrderId", new_withdraw_order_id())
    ep.build(given)  # the rules first: a bad withdrawal costs no request
    cid = str(given["withdrawOrderId"])
    try:
        result: w.WithdrawResult = yield from flow(ctx, ep, given)
    except UnknownOutcome as e:
        found = yield from reconcile(ctx, str(given["coin"]), cid, Clock.local_ms(), e)
        return w.WithdrawResult(id=found.id, withdraw_order_id=cid)
    result.withdraw_order_id = cid
    return result


def reconcile(ctx: Context, coin: str, cid: str, sent_ms: int, cause: UnknownOutcome) -> Flow:
    """The withdrawal tagged `cid`, looked up in the history until the request's window has closed."""
    deadline = sent_ms + (ctx.recv_window or DEFAULT_RECV_WINDOW_MS) + WINDOW_MARGIN_MS
    failures = 0
    while True:
        try:
            rows: list[w.Withdrawal] = yield from flow(ctx, WITHDRAWALS, {"coin": coin, "withdrawOrderId": cid})
        except (TransportError, UnknownOutcome, ServerError, RateLimited) as e:
            failures += 1
            if failures >= LOOKUPS:
                raise UnknownOutcome(
                    f"withdrawal outcome unknown ({cause.message}) and {failures} lookups of withdrawOrderId {cid} "
                    f"got no answer (last: {e}): check the withdrawal history before sending it again",
                    venue="bingx", endpoint=WITHDRAW.path, params=cause.params) from e
            yield Sleep(backoff(failures))
            continue
        match = [r for r in rows if r.withdraw_order_id == cid]
        if match:
            return match[0]
        wait = deadline - Clock.local_ms()
        if wait <= 0:
            raise OrderNotPlaced(
                f"withdrawal not made: the outcome was unknown ({cause.message}) and no withdrawal {cid} exists; "
                f"it is safe to send it again", client_order_id=cid, venue="bingx", endpoint=WITHDRAW.path)
        yield Sleep(wait / 1000)  # float ok: seconds
