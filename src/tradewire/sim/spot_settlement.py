"""Spot settlement: open orders lock the funds they may spend, each fill moves base and quote, fees by liquidity.

Free funds live in account `spot`, locked funds in `spot.locked`; a fill's commission (the pair's maker rate
for the resting side, taker rate for the aggressor) is taken from what the side received and goes to the
fee account. The house (`house` uid) locks nothing and pays no fee: its balances are the market's other
participants, so trading with a user moves real money between them and the user, never from nowhere.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from tradewire.sim.engine import FEE_QUANTUM, FREE, LOCKED, ZERO, Book, Fill, Order, Pair, Reject
from tradewire.sim.ledger import FEE_UID, InsufficientBalance, Ledger


class SpotSettlement:
    """Ledger-backed settlement of a spot book."""

    def __init__(self, ledger: Ledger, house: str = "") -> None:
        self.ledger = ledger
        self.house = house

    def reserve(self, book: Book, order: Order) -> None:
        """A MARKET order needs the funds its fills will take; a resting one locks what it may spend."""
        if order.uid == self.house:
            return
        if order.type == "MARKET":
            self._check_market(book, order)
        need = self._lock_need(order)
        if not need:
            return
        asset = book.pair.base if order.side == "SELL" else book.pair.quote
        try:
            self.ledger.move((order.uid, FREE), (order.uid, LOCKED), asset, need, available=None,
                             reason="order lock", time=order.time)
        except InsufficientBalance:
            raise Reject("insufficient balance") from None
        order.locked = need

    def _check_market(self, book: Book, order: Order) -> None:
        pair, qty, quote_qty = book.pair, order.qty, order.quote_qty
        if order.side == "SELL":
            need, asset = (qty if quote_qty is None else ZERO), pair.base
        elif quote_qty is not None:
            need, asset = quote_qty, pair.quote
        else:
            need, left, asset = ZERO, qty, pair.quote
            for p, q in book.asks.depth(10_000):
                take = min(left, q)
                need, left = need + p * take, left - take
                if not left:
                    break
        if need > self.ledger.balance(order.uid, FREE, asset):
            raise Reject("insufficient balance")

    @staticmethod
    def _lock_need(order: Order) -> Decimal:
        if order.side == "SELL":
            return order.qty if order.type != "MARKET" or order.quote_qty is None else ZERO
        return order.price * order.qty if order.price is not None and order.type != "MARKET" else ZERO

    def release(self, book: Book, order: Order, now: int) -> None:
        if order.locked > 0:
            asset = book.pair.base if order.side == "SELL" else book.pair.quote
            self.ledger.move((order.uid, LOCKED), (order.uid, FREE), asset, order.locked, available=None,
                             reason="order unlock", time=now)
            order.locked = ZERO

    def trade(self, pair: Pair, taker: Order, maker: Order, price: Decimal, qty: Decimal, trade_id: int,
              now: int) -> tuple[Fill, Fill]:
        buyer, seller = (taker, maker) if taker.side == "BUY" else (maker, taker)
        quote = price * qty
        self._pay(buyer, pair.quote, quote, seller.uid, now)
        self._pay(seller, pair.base, qty, buyer.uid, now)
        fills = []
        for o, is_maker in ((maker, True), (taker, False)):
            rate = pair.maker_fee if is_maker else pair.taker_fee
            got_asset, got = (pair.base, qty) if o.side == "BUY" else (pair.quote, quote)
            fee = ZERO if o.uid == self.house else (got * rate).quantize(FEE_QUANTUM, ROUND_DOWN)
            if fee > 0:
                self.ledger.move((o.uid, FREE), (FEE_UID, FREE), got_asset, fee, available=None,
                                 reason="commission", time=now)
            fills.append(Fill(price, qty, fee, got_asset, trade_id, is_maker))
        return fills[0], fills[1]

    def _pay(self, o: Order, asset: str, amount: Decimal, to: str, now: int) -> None:
        """Move `amount` of `asset` from the order's lock (or free balance) to `to`."""
        from_locked = min(o.locked, amount)
        if from_locked > 0:
            self.ledger.move((o.uid, LOCKED), (to, FREE), asset, from_locked, available=None, reason="trade",
                             time=now)
            o.locked -= from_locked
        rest = amount - from_locked
        if rest > 0:
            self.ledger.move((o.uid, FREE), (to, FREE), asset, rest, available=None, reason="trade", time=now)
