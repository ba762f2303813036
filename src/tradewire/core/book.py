"""A fast local order book kept as the venue's strings, and the venues' book sync algorithms.

Each side is a dict ``{price: quantity}`` of the wire strings of the levels present, beside a list of
integer price keys kept sorted with ``bisect`` (price in units of ``10**-decimals``; bids keyed by
``+units``, asks by ``-units``, so both lists are ascending with the best level at the end, where
inserts near the top move few slots). An update is applied by C calls in bulk: a side of the frame
becomes a dict, its quantities are checked at once by one compiled pattern over their joined text
(plain decimals with exactly the book's number of decimals: no sign, space, exponent or other
digits), and when every price is already in the book one ``dict.update`` applies it. Anything else
(a new price, another spelling of a known price, another form of quantity such as ``0`` or
``0E-8``) takes a checked slow path that writes it in the book's one spelling per level, widening
the decimals when a finer value arrives. A malformed level raises ValueError and clears the book:
bad data never enters it, so it is never read back.

A zero quantity is stored like any other: the level stays, deleted, until deleted levels outnumber
the others twice (then they are swept), so a price coming back is no insert; readers skip them.
Quantities become integers or Decimals only when read. The best ``n`` levels last read are cached
until an update touches one of them or inserts a level above the ``n``-th.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation
from operator import countOf, neg
from typing import Protocol

__all__ = ["DepthMessage", "IncrementalDepthSync", "Level", "OrderBook", "SyncStatus"]

#: One level as the venue sends it: ``(price, quantity)`` decimal strings.
Level = tuple[str, str]

_EXACT = Context(prec=80)
_CACHE_MAX = 65_536
# A non-negative ASCII decimal, optionally with an exponent ("0E-8" is how Java prints a zero).
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z").match
# below every key: while no top is cached, every update counts as touching it
_NO_FLOOR = -(1 << 256)
_NONE: frozenset[str] = frozenset()
# zero-quantity levels stay in a side (readers skip them, a level coming back is then no insert) until
# they are this many and twice the levels with a quantity
_DEAD_MIN = 64


def _units(text: str, decimals: int | None, *, written: bool = False) -> tuple[int, int]:
    """``text`` as integer units and the decimals it needs (at least ``decimals`` when given).

    The digits written count ("1.0000" needs 4) with no ``decimals`` yet or when ``written``,
    else only the significant ones; zero needs none.
    """
    if not _NUMBER(text):
        raise ValueError(f"not a non-negative decimal number: {text!r}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {text!r}") from None
    if not value:
        return 0, decimals or 0
    if decimals is not None and not written:
        value = value.normalize(_EXACT)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    need = max(decimals or 0, -exponent)
    return int(value.scaleb(need, _EXACT)), need


def _unit(decimals: int) -> Decimal:
    """``10**-decimals``: units times this is the exact Decimal, with ``decimals`` digits shown."""
    return Decimal(1).scaleb(-decimals)


def _dec(units: int, decimals: int) -> Decimal:
    return _EXACT.multiply(units, _unit(decimals))


def _text(units: int, decimals: int) -> str:
    """The book's spelling of ``units`` at ``decimals``: ``12345, 4`` is ``"1.2345"``."""
    if not decimals:
        return str(units)
    digits = str(units).rjust(decimals + 1, "0")
    return f"{digits[:-decimals]}.{digits[-decimals:]}"


_NEVER = re.compile(r"(?!)").match  # the quantity pattern until the decimals are known


def _plain_pattern(decimals: int, *, many: bool) -> Callable[[str], object]:
    """Match for a number (or ``|``-joined numbers) written plainly with exactly ``decimals`` decimals."""
    number = r"(?:0|[1-9][0-9]*+)" + (rf"\.[0-9]{{{decimals}}}" if decimals else "")  # possessive: no backtracking
    return re.compile(rf"{number}(?:\|{number})*+\Z" if many else rf"{number}\Z").match


class _PriceDecimals(dict[int, Decimal]):
    """Price units -> Decimal at the book's price decimals, made on first use."""

    __slots__ = ("decimals",)

    def __init__(self) -> None:
        super().__init__()
        self.decimals = 0

    def __missing__(self, units: int) -> Decimal:
        if len(self) >= _CACHE_MAX:
            self.clear()
        value = self[units] = _dec(units, self.decimals)
        return value


class _QtyDecimals(dict[str, Decimal]):
    """Quantity text -> Decimal, made on first use (a level unchanged between two reads is a hit)."""

    __slots__ = ()

    def __missing__(self, text: str) -> Decimal:
        if len(self) >= _CACHE_MAX:
            self.clear()
        value = self[text] = Decimal(text)
        return value


class _QtyUnits(dict[str, int]):
    """Quantity text (the book's spelling, ``decimals`` places) -> integer units, made on first use."""

    __slots__ = ()

    def __missing__(self, text: str) -> int:
        if len(self) >= _CACHE_MAX:
            self.clear()
        value = self[text] = int(text.replace(".", ""))
        return value


class _Side:
    """One side: ``levels`` maps price to quantity (the book's spellings), ``keys`` sorted ascending."""

    __slots__ = ("dead", "key_of", "keys", "levels", "price_of", "sign", "top")

    def __init__(self, sign: int) -> None:
        self.sign = sign
        self.levels: dict[str, str] = {}
        self.keys: list[int] = []
        self.price_of: dict[int, str] = {}  # key -> price, for the levels present
        self.key_of: dict[str, int] = {}  # any checked spelling -> key (a cache)
        self.top: frozenset[str] = _NONE  # prices of the cached top levels
        self.dead = 0  # about how many levels hold a zero quantity (deleted, not yet removed)

    def clear(self) -> None:
        self.dead = 0
        self.levels.clear()
        self.keys.clear()
        self.price_of.clear()


class OrderBook:
    """A price-level book: ``replace`` a snapshot, ``update`` by price, read Decimals back.

    ``price_decimals``/``qty_decimals`` fix the unit scale; left as None they are learnt from
    the first levels and widened automatically if a finer value ever arrives.
    """

    __slots__ = (
        "_asks",
        "_bar_zero",
        "_bids",
        "_floors",
        "_pd",
        "_plain",
        "_plain_price",
        "_price_dec",
        "_qd",
        "_qty_dec",
        "_qty_units",
        "_top",
        "_top_keys",
        "_top_n",
        "_top_units",
        "_zero",
        "last_update_id",
    )

    def __init__(self, price_decimals: int | None = None, qty_decimals: int | None = None) -> None:
        self._bids = _Side(1)
        self._asks = _Side(-1)
        self._pd: int | None = None
        self._price_dec = _PriceDecimals()
        self._plain_price: Callable[[str], object] | None = None
        if price_decimals is not None:
            self._set_price_decimals(price_decimals)
        self._qty_dec = _QtyDecimals()
        self._qty_units = _QtyUnits()
        self._qd: int | None = None
        self._plain: Callable[[str], object] = _NEVER
        self._zero = self._bar_zero = ""
        if qty_decimals is not None:
            self._set_qty_decimals(qty_decimals)
        # the top `_top_n` levels last read: their keys and prices, kept until an update touches a
        # price among them or inserts a key at or above the floors (the keys of the n-th levels);
        # `_top_units`/`_top` hold them as integers/Decimals once asked for
        self._top_n = 0
        self._top_keys: tuple[list[int], list[int], list[str], list[str]] | None = None
        self._top_units: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None
        self._top: tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]] | None = None
        self._floors = (_NO_FLOOR, _NO_FLOOR)
        #: Update id of the last applied snapshot or update (None when unknown).
        self.last_update_id: int | None = None

    # ----------------------------------------------------------------- writing

    def _forget_top(self) -> None:
        self._top_keys = self._top_units = self._top = None
        self._bids.top = self._asks.top = _NONE
        self._floors = (_NO_FLOOR, _NO_FLOOR)

    def clear(self) -> None:
        """Remove every level and forget the update id."""
        self._forget_top()
        self._bids.clear()
        self._asks.clear()
        self.last_update_id = None

    def replace(self, bids: Iterable[Level], asks: Iterable[Level], update_id: int | None = None) -> None:
        """Replace the whole book with a snapshot (zero quantities are skipped).

        Raises ValueError when a level is malformed, leaving the book empty.
        """
        self.clear()
        try:
            self._apply(bids, self._bids, _NO_FLOOR, snapshot=True)
            self._apply(asks, self._asks, _NO_FLOOR, snapshot=True)
        except (ValueError, TypeError) as exc:
            self.clear()
            raise ValueError(f"malformed depth level, book cleared: {exc}") from None
        self.last_update_id = update_id

    def update(self, bids: Iterable[Level], asks: Iterable[Level], update_id: int | None = None) -> None:
        """Apply levels by price: a new price is added, quantity 0 deletes, otherwise replaces.

        Raises ValueError when a level is malformed, and the book is then cleared (levels and
        update id): a bad frame is refused on arrival, never half-applied into a usable book.
        """
        bid_floor, ask_floor = self._floors
        try:
            touched = self._apply(bids, self._bids, bid_floor)
            touched |= self._apply(asks, self._asks, ask_floor)
        except (ValueError, TypeError) as exc:
            self.clear()
            raise ValueError(f"malformed depth level, book cleared: {exc}") from None
        if touched:
            self._forget_top()
        if update_id is not None:
            self.last_update_id = update_id

    def _apply(self, levels: Iterable[Level], side: _Side, floor: int, *, snapshot: bool = False) -> bool:
        # The hot path, C calls over the whole side: dict(), a subset test (every price is a level
        # of the book, dead or alive), join + one pattern match over the quantities, dict.update.
        # True when the cached top is touched.
        frame = dict(levels)
        if not frame:
            return False
        book = side.levels
        if frame.keys() <= book.keys():
            quantities = frame.values()
            joined = "|".join(quantities)
            if joined.count("|") == len(frame) - 1 and self._plain(joined):  # no "|" inside a quantity
                touched = not side.top.isdisjoint(frame)
                book.update(frame)
                zero = self._zero  # as a whole quantity: the first, or one after a "|"
                if joined.startswith(zero) or self._bar_zero in joined:
                    self._died(side, countOf(quantities, zero))
                return touched
        return self._apply_slow(levels, frame, side, floor, snapshot)

    def _apply_slow(
        self, levels: Iterable[Level], frame: dict[str, str], side: _Side, floor: int, snapshot: bool
    ) -> bool:
        # Python code per level only for prices new to the book, and for quantities not written plainly.
        if not isinstance(levels, list | tuple):
            levels = list(frame.items())  # an iterator was read by dict()
        book, key_of, price_of = side.levels, side.key_of, side.price_of
        new: list[str] = []
        new_keys: list[int] = []
        if not frame.keys() <= book.keys():
            new = [price for price in frame if price not in book]
            if not all(map(key_of.__contains__, new)):
                for price in new:
                    if price not in key_of:
                        self._learn_price(price, side)  # may widen: keys are read below
            new_keys = [self._key(price, side) for price in new]
            # another spelling of a level present, or two spellings of one new level
            if not price_of.keys().isdisjoint(new_keys) or len(set(new_keys)) < len(new):
                frame = self._spell_prices(levels, side)
                new = [price for price in frame if price not in book]
                new_keys = [self._key(price, side) for price in new]
        quantities = frame.values()
        joined = "|".join(quantities)
        if joined.count("|") != len(frame) - 1 or not self._plain(joined):
            frame = self._spell_quantities(frame)
            quantities = frame.values()
        touched = not side.top.isdisjoint(frame)
        book.update(frame)
        keys = side.keys
        # a zero quantity too: a deleted level, known when it comes back
        for price, key in zip(new, new_keys, strict=True):
            price_of[key] = price
            if snapshot:
                keys.append(key)
            else:
                insort(keys, key)
                touched = touched or key >= floor
        if snapshot:
            keys.sort()
        self._died(side, countOf(quantities, self._zero))
        return touched

    def _died(self, side: _Side, zeros: int) -> None:
        side.dead += zeros  # counted again when a dead level is deleted again: the sweep counts exactly
        if side.dead > max(_DEAD_MIN, len(side.levels) * 2 // 3):
            self._sweep(side)

    def _sweep(self, side: _Side) -> None:
        """Remove the levels deleted by a zero quantity once they are twice the others (else count them)."""
        book, zero = side.levels, self._zero
        dead = [price for price, qty in book.items() if qty == zero]
        if len(dead) > max(_DEAD_MIN, 2 * (len(book) - len(dead))):
            for price in dead:
                del book[price], side.price_of[self._key(price, side)]
            side.keys[:] = sorted(side.price_of)
            dead = []
        side.dead = len(dead)

    def _key(self, price: str, side: _Side) -> int:
        """The key of a checked price (learnt again if the cache forgot it)."""
        key = side.key_of.get(price)
        if key is None:
            key = self._learn_price(price, side)
        return key

    def _spell_prices(self, levels: Iterable[Level], side: _Side) -> dict[str, str]:
        """The frame with one spelling per price level, learning (and checking) new prices.

        A level present under another spelling takes the frame's (the first in it): a venue whose
        snapshot spells prices one way and its stream another (Binance REST through Decimal, then
        ``"100.50000000"`` pushes) then stays on the fast path after one frame.
        """
        key_of, price_of, book = side.key_of, side.price_of, side.levels
        pairs = list(levels)
        for price, _ in pairs:
            if price not in key_of:
                self._learn_price(price, side)  # may widen: keys are read below, after every price is learnt
        frame: dict[str, str] = {}
        spelled: dict[int, str] = {}
        for price, qty in pairs:
            key = self._key(price, side)
            chosen = spelled.setdefault(key, price)
            old = price_of.get(key)
            if old is not None and old != chosen:
                book[chosen] = book.pop(old)
                price_of[key] = chosen
                self._forget_top()  # the cached top may name the old spelling
            frame[chosen] = qty
        return frame

    def _learn_price(self, price: str, side: _Side) -> int:
        plain = self._plain_price
        if plain is not None and plain(price):
            units = int(price.replace(".", ""))
        else:
            units, need = _units(price, self._pd)
            if self._pd is not None and need > self._pd:
                self._widen_prices(need)
            if need != self._pd:
                self._set_price_decimals(need)
        key_of = side.key_of
        if len(key_of) >= _CACHE_MAX:
            key_of.clear()
        key = key_of[price] = side.sign * units
        return key

    def _set_price_decimals(self, decimals: int) -> None:
        self._pd = self._price_dec.decimals = decimals
        self._plain_price = _plain_pattern(decimals, many=False)
        self._price_dec.clear()

    def _widen_prices(self, decimals: int) -> None:
        assert self._pd is not None
        factor = 10 ** (decimals - self._pd)
        for side in (self._bids, self._asks):
            side.keys[:] = [key * factor for key in side.keys]
            scaled = {key * factor: price for key, price in side.price_of.items()}
            side.price_of.clear()
            side.price_of.update(scaled)
            side.key_of.clear()
        self._forget_top()

    def _spell_quantities(self, frame: dict[str, str]) -> dict[str, str]:
        """The frame's quantities checked and written with the book's decimals (widened if need be)."""
        # the decimals written count: a venue writing "0.00200000" keeps that form, the plain one
        parsed = [(price, *_units(qty, self._qd, written=True)) for price, qty in frame.items()]
        need = max(decimals for _, _, decimals in parsed)
        qd = self._qd
        if qd is None or need > qd:
            if qd is not None:
                self._widen_quantities(need)
            self._set_qty_decimals(need)
            qd = need
        return {price: _text(units * 10 ** (qd - decimals), qd) for price, units, decimals in parsed}

    def _set_qty_decimals(self, decimals: int) -> None:
        self._qd = decimals
        self._qty_units.clear()
        self._plain = _plain_pattern(decimals, many=True)
        self._zero = _text(0, decimals)
        self._bar_zero = "|" + self._zero

    def _widen_quantities(self, decimals: int) -> None:
        assert self._qd is not None
        factor = 10 ** (decimals - self._qd)
        for side in (self._bids, self._asks):
            book = side.levels
            for price, qty in book.items():
                book[price] = _text(int(qty.replace(".", "")) * factor, decimals)
        self._forget_top()

    # ----------------------------------------------------------------- reading

    @property
    def price_decimals(self) -> int | None:
        """Decimals of the price unit (None until the first level)."""
        return self._pd

    @property
    def qty_decimals(self) -> int | None:
        """Decimals of the quantity unit (None until the first level)."""
        return self._qd

    def __len__(self) -> int:
        zero = self._zero
        return sum(len(side.levels) - countOf(side.levels.values(), zero) for side in (self._bids, self._asks))

    def _best_key(self, side: _Side) -> int | None:
        """The key of the best level with a quantity (zero-quantity levels are deleted ones)."""
        keys, price_of, levels, zero = side.keys, side.price_of, side.levels, self._zero
        for i in range(len(keys) - 1, -1, -1):
            if levels[price_of[keys[i]]] != zero:
                return keys[i]
        return None

    @property
    def crossed(self) -> bool:
        """True when the best bid is at or above the best ask."""
        bids, asks = self._bids.keys, self._asks.keys
        if not (bids and asks and bids[-1] >= -asks[-1]):  # deleted levels only widen this test
            return False
        bid, ask = self._best_key(self._bids), self._best_key(self._asks)
        return bid is not None and ask is not None and bid >= -ask

    def _best(self, side: _Side) -> tuple[Decimal, Decimal] | None:
        key = self._best_key(side)
        if key is None:
            return None
        return self._price_dec[side.sign * key], self._qty_dec[side.levels[side.price_of[key]]]

    def best_bid(self) -> tuple[Decimal, Decimal] | None:
        """``(price, quantity)`` of the best bid, or None when the side is empty."""
        return self._best(self._bids)

    def best_ask(self) -> tuple[Decimal, Decimal] | None:
        """``(price, quantity)`` of the best ask, or None when the side is empty."""
        return self._best(self._asks)

    def _best_n(self, side: _Side, n: int) -> tuple[list[int], list[str], int]:
        """Keys and quantities of the best ``n`` levels with a quantity, and the side's floor.

        ``side.top`` becomes the prices down to the ``n``-th level, deleted ones among them (one
        coming back changes the top). The floor is the ``n``-th key, or below every key when the
        side is short.
        """
        price_of, levels, zero = side.price_of, side.levels, self._zero
        top_keys: list[int] = []
        qtys: list[str] = []
        seen: list[str] = []
        if n > 0:
            for key in reversed(side.keys):
                price = price_of[key]
                seen.append(price)
                qty = levels[price]
                if qty != zero:
                    top_keys.append(key)
                    qtys.append(qty)
                    if len(qtys) == n:
                        side.top = frozenset(seen)
                        return top_keys, qtys, key
        side.top = frozenset(seen)
        return top_keys, qtys, _NO_FLOOR

    def _top_of(self, n: int) -> tuple[list[int], list[int], list[str], list[str]]:
        """Keys and quantities of the best ``n`` levels per side, best first (cached, see the module doc)."""
        top = self._top_keys
        if top is not None and self._top_n == n:
            return top
        self._top_units = self._top = None
        bid_keys, bid_qtys, bid_floor = self._best_n(self._bids, n)
        ask_keys, ask_qtys, ask_floor = self._best_n(self._asks, n)
        top = self._top_keys = bid_keys, ask_keys, bid_qtys, ask_qtys
        self._top_n = n
        self._floors = bid_floor, ask_floor
        return top

    def top_units(self, n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The best ``n`` levels per side as integer units, best first (the fast read).

        The lists are shared with later reads of an unchanged top: don't mutate them.
        """
        bid_keys, ask_keys, bid_qtys, ask_qtys = self._top_of(n)
        top = self._top_units
        if top is None:
            units = self._qty_units.__getitem__
            top = self._top_units = (
                list(zip(bid_keys, map(units, bid_qtys), strict=True)),
                list(zip(map(neg, ask_keys), map(units, ask_qtys), strict=True)),
            )
        return top

    def top(self, n: int) -> tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]]:
        """The best ``n`` levels per side as ``(price, quantity)`` Decimals, best first.

        The lists are shared with later reads of an unchanged top: don't mutate them.
        """
        bid_keys, ask_keys, bid_qtys, ask_qtys = self._top_of(n)
        top = self._top
        if top is None:
            price, qty = self._price_dec.__getitem__, self._qty_dec.__getitem__
            top = self._top = (
                list(zip(map(price, bid_keys), map(qty, bid_qtys), strict=True)),
                list(zip(map(price, map(neg, ask_keys)), map(qty, ask_qtys), strict=True)),
            )
        return top

    def spread(self) -> Decimal | None:
        """Best ask minus best bid, or None when a side is empty."""
        bid, ask = self._best_key(self._bids), self._best_key(self._asks)
        if bid is None or ask is None:
            return None
        assert self._pd is not None
        return _dec(-ask - bid, self._pd)

    def mid(self) -> Decimal | None:
        """The mid price, or None when a side is empty."""
        bid, ask = self._best_key(self._bids), self._best_key(self._asks)
        if bid is None or ask is None:
            return None
        assert self._pd is not None
        return _EXACT.divide(_dec(bid - ask, self._pd), 2)

    def _total(self, side: _Side, low_key: int) -> int:
        keys = side.keys
        prices = map(side.price_of.__getitem__, keys[bisect_left(keys, low_key) :])
        return sum(map(self._qty_units.__getitem__, map(side.levels.__getitem__, prices)))

    def depth_within(self, *, pct: Decimal | None = None, band: Decimal | None = None) -> tuple[Decimal, Decimal]:
        """Total ``(bid, ask)`` quantity priced within ``pct`` percent or ``band`` of the mid.

        Levels priced exactly on the edge count. Exactly one of ``pct`` and ``band`` is given.
        """
        if (pct is None) == (band is None):
            raise ValueError("give exactly one of pct and band")
        mid = self.mid()
        if mid is None:
            return Decimal(0), Decimal(0)
        width = band if band is not None else _EXACT.divide(_EXACT.multiply(mid, pct), 100)  # type: ignore[arg-type]
        if width < 0:
            raise ValueError("the band must not be negative")
        assert self._pd is not None and self._qd is not None
        scale = Decimal(1).scaleb(self._pd)
        low = int(((mid - width) * scale).to_integral_value(rounding=ROUND_CEILING))
        high = int(((mid + width) * scale).to_integral_value(rounding=ROUND_FLOOR))
        return _dec(self._total(self._bids, low), self._qd), _dec(self._total(self._asks, -high), self._qd)

    def __repr__(self) -> str:
        bid, ask = self.best_bid(), self.best_ask()
        return f"OrderBook(levels={len(self)}, best_bid={bid}, best_ask={ask}, last_update_id={self.last_update_id})"


class SyncStatus(enum.Enum):
    """Outcome of applying one depth message: OK, or the reason a resync is needed."""

    OK = "ok"
    NO_SNAPSHOT = "update before any snapshot"
    STALE = "update id not after the last applied id"
    CROSSED = "book crossed after applying"
    UNKNOWN_ACTION = "unknown action"

    @property
    def resync(self) -> bool:
        """True when the book is no longer trustworthy and must be rebuilt from a snapshot."""
        return self is not SyncStatus.OK


class DepthMessage(Protocol):
    """The fields of an incremental depth push the sync needs (BingX ``@incrDepth`` data)."""

    @property
    def action(self) -> str: ...
    @property
    def last_update_id(self) -> int: ...
    @property
    def bids(self) -> Sequence[Level]: ...
    @property
    def asks(self) -> Sequence[Level]: ...


class IncrementalDepthSync:
    """BingX ``<symbol>@incrDepth`` sync: a pure state machine over an `OrderBook`.

    ``action:"all"`` replaces the book; ``action:"update"`` with ``lastUpdateId`` above the last
    one is applied by price (ask arrays may be worst-first, so never by position). Id gaps are
    not loss: the server routinely skips ids with no frame missing (bingx.md §14), so the docs'
    strict ``id == last + 1`` rule is not used. An update before any snapshot, an id at or below
    the last one, or a crossed book after applying means the book must be resynced; the book is
    then cleared and every update is refused until the next snapshot. A malformed level raises
    ValueError with the same reset.
    """

    __slots__ = ("_synced", "book")

    def __init__(self, book: OrderBook | None = None) -> None:
        self.book = book if book is not None else OrderBook()
        self._synced = False

    @property
    def synced(self) -> bool:
        """True once a snapshot was applied and no resync was needed since."""
        return self._synced

    def reset(self) -> None:
        """Forget the book; the next message must be a snapshot."""
        self._synced = False
        self.book.clear()

    def apply(self, msg: DepthMessage) -> SyncStatus:
        """Apply one message and say whether the book is still in sync."""
        book = self.book
        if msg.action == "update":
            if not self._synced:
                return SyncStatus.NO_SNAPSHOT
            last = book.last_update_id
            if last is not None and msg.last_update_id <= last:
                self.reset()
                return SyncStatus.STALE
            try:
                book.update(msg.bids, msg.asks, msg.last_update_id)
            except ValueError:  # a malformed level: refused, and a snapshot is needed again
                self.reset()
                raise
        elif msg.action == "all":
            try:
                book.replace(msg.bids, msg.asks, msg.last_update_id)
            except ValueError:
                self.reset()
                raise
            self._synced = True
        else:
            self.reset()
            return SyncStatus.UNKNOWN_ACTION
        if book.crossed:
            self.reset()
            return SyncStatus.CROSSED
        return SyncStatus.OK
