"""Money-moving tools: prepare (validate everything, preview, one-time token) and execute (once; CONFIRM on live).

Nothing reaches the exchange's write endpoints before `execute`, and a write whose answer is lost is reported
with the check to run, never re-sent.
"""

from __future__ import annotations

from collections.abc import Callable

from tradewire.app.output import dec
from tradewire.app.values import COIN
from tradewire.core.auth import mask
from tradewire.core.errors import (
    ServerError,
    TradewireError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)
from tradewire.mcp.confirm import CONFIRM
from tradewire.mcp.desk import Desk, Doc, OutcomeUnknown, named, plain, positive
from tradewire.mcp.reads import direction_of, one_id
from tradewire.unified import OrderRequest, symbols

ACCOUNTS = {"fund": "fund account", "USDTMPerp": "USDT-M perpetual futures account",
            "stdFutures": "standard contract account"}
#: internal transfers: the paying account (walletType) and how the recipient is named (userAccountType)
WALLETS = {"fund": 1, "standard_futures": 2, "perpetual_futures": 3, "spot": 15}
RECIPIENTS = {"uid": 1, "phone": 2, "email": 3}
ORDER_TYPES = ("MARKET", "LIMIT")
#: order statuses a cancel is bound to fail on
CLOSED = frozenset({"FILLED", "CANCELED", "CANCELLED", "EXPIRED", "REJECTED", "FAILED", "EXPIRED_IN_MATCH"})
MARKETS = ("spot", "swap")


def prepare(desk: Desk, what: Doc, act: Callable[[], Doc]) -> Doc:
    """Store `act` under a fresh token and say exactly what `execute` will do, and what it needs."""
    token = desk.confirmations.issue(what, act)
    doc: Doc = {"prepared": True, "executed": False, "would_do": what, "token": token,
                "expires_in_s": int(desk.confirmations.ttl_s), "confirm_required": desk.live}
    if desk.live:
        keys = desk.session.keys
        doc["api_key"] = mask(keys.api_key) if keys else ""
        doc["next_step"] = (f"LIVE, real funds: nothing was sent. Show would_do to the user and ask them to type "
                            f"{CONFIRM}. Only if they do, call execute(token=\"{token}\", confirm=\"{CONFIRM}\"). "
                            "Never type CONFIRM for them. The token works once.")
    else:
        doc["next_step"] = (f"Nothing was sent. On {desk.env()} no CONFIRM is needed: call "
                            f"execute(token=\"{token}\") to carry it out. The token works once.")
    return doc


def execute(desk: Desk, token: str, confirm: str | None = None) -> Doc:
    """Carry out a prepared action once: on live only with confirm="CONFIRM"."""
    prepared = desk.confirmations.take(token.strip(), desk.live, confirm)
    return {"executed": True, "did": prepared.what, "result": prepared.act()}


def prepare_transfer(desk: Desk, direction: str, asset: str, amount: str) -> Doc:
    """Move an asset between your own BingX accounts."""
    from tradewire.bingx.endpoints import TRANSFER_DIRECTIONS

    client = desk.bingx("prepare_transfer")
    kind, coin, qty = direction_of(direction), _asset(asset), positive(amount, "amount")
    src, dst = TRANSFER_DIRECTIONS[kind]
    what = {"action": "transfer", "direction": kind, "asset": coin, "amount": format(qty, "f"),
            "from_account": src, "to_account": dst,
            "summary": f"Transfer {qty:f} {coin} from your {ACCOUNTS[src]} to your {ACCOUNTS[dst]} ({kind})"}

    def act() -> Doc:
        try:
            done = client.transfer(coin, qty, type=kind)
        except (UnknownOutcome, ServerError) as e:  # any 5xx on a write: it may have happened
            raise OutcomeUnknown(
                f"OUTCOME UNKNOWN: the transfer ({what['summary']}) was sent but no clear answer came back ({e}). "
                "It may or may not have been executed, and it was NOT retried. Check with "
                f"transfer_history(direction=\"{kind}\", start_time=\"1h\") before trying again.") from None
        return {"tran_id": str(done.tran_id)}

    return prepare(desk, what, act)


def prepare_internal_transfer(desk: Desk, coin: str, amount: str, recipient_type: str, recipient: str,
                              from_account: str = "fund", calling_code: str | None = None) -> Doc:
    """Send a coin to another BingX user, found by UID, phone or email; it cannot be taken back."""
    from tradewire.bingx import endpoints as E
    from tradewire.bingx.orders import new_client_order_id

    client = desk.bingx("prepare_internal_transfer")
    asset, qty = _asset(coin), positive(amount, "amount")
    kind = recipient_type.strip().lower()
    if kind not in RECIPIENTS:
        raise ValidationError("recipient_type", f"must be one of {', '.join(RECIPIENTS)}", recipient_type)
    if from_account not in WALLETS:
        raise ValidationError("from_account", f"must be one of {', '.join(WALLETS)}", from_account)
    if (kind == "phone") != (calling_code is not None):
        raise ValidationError("calling_code", "is required for a phone number (e.g. 44), and only then",
                              calling_code)
    who = recipient.strip()
    if not who:
        raise ValidationError("recipient", "must not be empty")
    client_id = new_client_order_id()  # letters and digits: valid as a transferClientId too
    shown = f"+{calling_code} {who}" if calling_code else who
    what = {"action": "internal_transfer", "coin": asset, "amount": format(qty, "f"), "recipient_type": kind,
            "recipient": who, "calling_code": calling_code, "from_account": from_account, "client_id": client_id,
            "summary": f"Send {qty:f} {asset} from your {from_account.replace('_', ' ')} account to the BingX user "
                       f"with {kind} {shown}. This goes to another person and cannot be reversed."}
    wire = {"coin": asset, "amount": qty, "userAccountType": RECIPIENTS[kind], "userAccount": who,
            "walletType": WALLETS[from_account], "transferClientId": client_id}
    E.INNER_TRANSFER.build(wire | ({"callingCode": calling_code} if calling_code else {}))  # every rule, now

    def act() -> Doc:
        try:
            done = client.inner_transfer(asset, qty, RECIPIENTS[kind], who, WALLETS[from_account], calling_code,
                                         client_id)
        except (UnknownOutcome, ServerError) as e:
            return _find_internal(desk, asset, client_id, what, e)
        return {"id": str(done.id), "client_id": client_id}

    return prepare(desk, what, act)


def _find_internal(desk: Desk, coin: str, client_id: str, what: Doc, cause: Exception) -> Doc:
    """After a lost answer: the transfer found by its client id, or `OutcomeUnknown` with the check to run."""
    try:
        got = desk.bingx("execute").inner_transfer_records(coin, transfer_client_id=client_id)
    except TradewireError:  # the check itself failed: the outcome stays unknown
        got = None
    found = [r for r in (got.data if got else []) if format(r.amount, "f") == what["amount"]
             and r.record_type in (None, "out")]  # the filtered rows, checked: the answer carries no client id
    if found:
        return {"id": str(found[0].id), "client_id": client_id,
                "note": f"the answer was lost ({cause}); the transfer was found by its client id, so it happened"}
    raise OutcomeUnknown(
        f"OUTCOME UNKNOWN: the internal transfer ({what['summary']}) was sent but no clear answer came back "
        f"({cause}), and it was not found yet. It was NOT retried. Check with internal_transfer_history("
        f"coin=\"{coin}\", client_id=\"{client_id}\") before trying again.")


#: the library's wire parameter -> this tool's argument, so an error names what the assistant passed
ORDER_ARGS = {"symbol": "symbol", "side": "side", "type": "type", "quantity": "amount", "price": "price",
              "timeInForce": "time_in_force", "time_in_force": "time_in_force", "positionSide": "position_side",
              "position_side": "position_side", "reduceOnly": "reduce_only", "clientOrderId": "client_id",
              "newClientOrderId": "client_id", "client_order_id": "client_id", "market": "market"}
TIME_IN_FORCE = ("GTC", "IOC", "FOK", "PostOnly")
POSITION_SIDES = ("LONG", "SHORT", "BOTH")


def prepare_order(desk: Desk, symbol: str, side: str, type: str, amount: str, price: str | None = None,
                  market: str = "spot", time_in_force: str | None = None, client_id: str | None = None,
                  position_side: str | None = None, reduce_only: bool | None = None) -> Doc:
    """Check an order completely (every check `execute` would make, and the exchange's test endpoint where it has
    one) and preview exactly what will be sent: a flag the venue would drop is refused, never shown."""
    from tradewire.bingx.orders import new_client_order_id

    ex = desk.keyed()
    way = choice(side, "side", ("buy", "sell"))
    kind = choice(type, "type", ORDER_TYPES)
    where = choice(market, "market", MARKETS)
    if where not in ex.markets:
        raise ValidationError("market", f"must be {' or '.join(ex.markets)} on {ex.venue}", market)
    sym, qty = symbols.unified(symbol), positive(amount, "amount")
    px = positive(price, "price") if price is not None else None
    if kind == "LIMIT" and px is None:
        raise ValidationError("price", "is required for a LIMIT order")
    if kind == "MARKET" and px is not None:
        raise ValidationError("price", "must not be given for a MARKET order (it fills at the market price)")
    tif = choice(time_in_force, "time_in_force", TIME_IN_FORCE) if time_in_force is not None else None
    if kind == "MARKET" and tif is not None:
        raise ValidationError("time_in_force", "applies to LIMIT orders only", time_in_force)
    pos = choice(position_side, "position_side", POSITION_SIDES) if position_side is not None else None
    if where == "spot":
        if pos is not None:
            raise ValidationError("position_side", "applies to swap (perpetual) orders only; spot has no positions",
                                  position_side)
        if reduce_only:
            raise ValidationError("reduce_only", "applies to swap (perpetual) orders only; a spot order cannot be "
                                  "reduce-only", reduce_only)
        reduce_only = None  # false on spot says nothing: it is not sent, so it is not shown
    else:
        pos = _position_mode_rules(desk, pos, reduce_only)
    req = OrderRequest(symbol=sym, side=way, type=kind, amount=qty, price=px, market=where,
                       time_in_force=tif or ("GTC" if kind == "LIMIT" else None),
                       client_id=client_id or new_client_order_id(), position_side=pos,
                       reduce_only=reduce_only)
    with named(ORDER_ARGS):
        ex.check_order(req)
    what = {"action": "place_order", "venue": ex.venue, "market": where, **plain(req),
            "summary": f"{way.upper()} {qty:f} {sym} {kind}" + (f" at {px:f}" if px else " at the market price")
                       + f" on {ex.venue} {where}" + (f", position side {pos}" if pos else "")
                       + (", reduce-only" if reduce_only else "")}
    if px is not None:
        what["notional"] = format(qty * px, "f")

    def act() -> Doc:
        try:
            order = ex.place_order(req)
        except (UnknownOutcome, ServerError) as e:  # any 5xx on a write: the order may exist
            cid = e.client_order_id if isinstance(e, UnknownOrderState) and e.client_order_id else req.client_id
            raise OutcomeUnknown(
                f"OUTCOME UNKNOWN: the order ({what['summary']}) was sent but its state could not be established "
                f"({e}). It may exist; it was NOT re-sent. Check with get_order(symbol=\"{sym}\", market=\"{where}\""
                f", client_id=\"{cid}\") or open_orders before placing it again.") from None
        return {"order": plain(order)}

    return prepare(desk, what, act)


def _position_mode_rules(desk: Desk, pos: str | None, reduce_only: bool | None) -> str | None:
    """BingX perpetual: the position side the account's mode takes, and reduce-only only in one-way mode
    (swap-trade api-reference: "not accepted for both long and short position mode")."""
    if desk.exchange().venue != "bingx" or (pos is None and not reduce_only):
        return pos
    from tradewire.bingx.orders import modes_of

    client = desk.bingx("prepare_order")
    hedge = modes_of(client).hedge  # the mode the client keeps for its orders: read only when not known yet
    if hedge is None:
        hedge = client.position_mode()
    if hedge and pos == "BOTH":
        raise ValidationError("position_side", "must be LONG or SHORT: this account is in hedge (dual-side) mode",
                              pos)
    if not hedge and pos in ("LONG", "SHORT"):
        raise ValidationError("position_side", "must be BOTH or omitted: this account is in one-way mode", pos)
    if hedge and reduce_only:
        raise ValidationError("reduce_only", "is not accepted in hedge (dual-side) mode; close a side with the "
                              "opposite side and its position_side instead", reduce_only)
    return pos


def choice(given: str, param: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed`, matched without regard to case or surrounding spaces."""
    for value in allowed:
        if given.strip().upper() == value.upper():
            return value
    raise ValidationError(param, f"must be one of {', '.join(allowed)}", given)


def prepare_cancel(desk: Desk, symbol: str, market: str = "spot", order_id: str | None = None,
                   client_id: str | None = None) -> Doc:
    """Find the open order and preview cancelling it."""
    ex = desk.keyed()
    one_id(order_id, client_id)
    market = choice(market, "market", MARKETS)
    ex.check_market(market)
    sym = symbols.unified(symbol)
    order = ex.fetch_order(sym, market, order_id, client_id)  # it must exist: a clear error now, not at execute
    if (order.status or "").upper() in CLOSED:
        raise ValidationError("order_id" if order_id else "client_id", f"the order is {order.status}: only an open "
                              "order can be cancelled; nothing was prepared", order_id or client_id)
    what = {"action": "cancel_order", "venue": ex.venue, "market": market, "order": plain(order),
            "summary": f"Cancel {sym} {market} order {order.id} ({order.side} {dec(order.amount) or '?'} "
                       f"{order.type}{' at ' + dec(order.price) if order.price else ''}, status {order.status})"}

    def act() -> Doc:
        try:
            done = ex.cancel_order(sym, market, order.id, None)
        except (UnknownOutcome, ServerError) as e:
            raise OutcomeUnknown(
                f"OUTCOME UNKNOWN: the cancel was sent but no clear answer came back ({e}); it was NOT retried. "
                f"Check with get_order(symbol=\"{sym}\", market=\"{market}\", order_id=\"{order.id}\")") from None
        return {"order": plain(done)}

    return prepare(desk, what, act)


def _asset(text: str) -> str:
    coin = text.strip().upper()
    if not COIN.match(coin):
        raise ValidationError("asset", "must be a coin name such as USDT (1-20 letters or digits)", text)
    return coin
