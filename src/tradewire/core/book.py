"""A fast local order book on integer units, and the venues' book sync algorithms.

Prices and quantities are kept as integers in units of ``10**-decimals`` (the tick and step
when those are powers of ten); Decimal appears only at the read API. Each side is a dict
``{key: qty_units}`` plus a key list kept sorted with ``bisect``. Bids are keyed by ``+units``,
asks by ``-units``, so both key lists are ascending with the best level at the end, where
inserts near the top of the book move few list slots.

Every level is checked when it arrives: a malformed price or quantity raises ValueError and the
book is cleared, so bad data is never read back. The best ``n`` levels last read are cached
until an update touches a level at or above the ``n``-th.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation
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


def _units(text: str, decimals: int | None) -> tuple[int, int]:
    """``text`` as integer units and the decimals it needs (at least ``decimals`` when given)."""
    if not _NUMBER(text):
        raise ValueError(f"not a non-negative decimal number: {text!r}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {text!r}") from None
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if decimals is None:
        need = max(0, -exponent)
    else:
        exponent = value.normalize(_EXACT).as_tuple().exponent
        assert isinstance(exponent, int)
        need = max(decimals, -exponent)
    return int(value.scaleb(need, _EXACT)), need


def _unit(decimals: int) -> Decimal:
    """``10**-decimals``: units times this is the exact Decimal, with ``decimals`` digits shown."""
    return Decimal(1).scaleb(-decimals)


def _dec(units: int, decimals: int) -> Decimal:
    return _EXACT.multiply(units, _unit(decimals))


class OrderBook:
    """A price-level book: ``replace`` a snapshot, ``update`` by price, read Decimals back.

    ``price_decimals``/``qty_decimals`` fix the unit scale; left as None they are learnt from
    the first level and widened automatically if a finer value ever arrives.
    """

    __slots__ = (
        "_ask_cache",
        "_ask_floor",
        "_ask_keys",
        "_asks",
        "_bid_cache",
        "_bid_floor",
        "_bid_keys",
        "_bids",
        "_pd",
        "_price_dec",
        "_price_unit",
        "_qd",
        "_qty_dec",
        "_qty_unit",
        "_top",
        "_top_n",
        "_top_units",
        "last_update_id",
    )

    def __init__(self, price_decimals: int | None = None, qty_decimals: int | None = None) -> None:
        self._bids: dict[int, int] = {}
        self._asks: dict[int, int] = {}
        self._bid_keys: list[int] = []
        self._ask_keys: list[int] = []
        # price string -> side key (+units for bids, -units for asks)
        self._bid_cache: dict[str, int] = {}
        self._ask_cache: dict[str, int] = {}
        # units -> Decimal, for reads (top levels change little between two reads)
        self._price_dec: dict[int, Decimal] = {}
        self._qty_dec: dict[int, Decimal] = {}
        self._pd = price_decimals
        self._qd = qty_decimals
        self._qty_unit = _unit(qty_decimals or 0)
        self._price_unit = _unit(price_decimals or 0)
        # the top `_top_n` levels last read, kept until an update touches a key at or above the
        # floors (the keys of the n-th levels); `_top` holds them as Decimals once asked for
        self._top_n = 0
        self._top_units: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None
        self._top: tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]] | None = None
        self._bid_floor = self._ask_floor = _NO_FLOOR
        #: Update id of the last applied snapshot or update (None when unknown).
        self.last_update_id: int | None = None

    # ----------------------------------------------------------------- writing

    def _forget_top(self) -> None:
        self._top_units = self._top = None
        self._bid_floor = self._ask_floor = _NO_FLOOR

    def clear(self) -> None:
        """Remove every level and forget the update id."""
        self._forget_top()
        self._bids.clear()
        self._asks.clear()
        self._bid_keys.clear()
        self._ask_keys.clear()
        self.last_update_id = None

    def replace(self, bids: Iterable[Level], asks: Iterable[Level], update_id: int | None = None) -> None:
        """Replace the whole book with a snapshot (zero quantities are skipped).

        Raises ValueError when a level is malformed, leaving the book empty.
        """
        self.clear()
        try:
            self._fill(bids, self._bids, self._bid_cache, 1)
            self._fill(asks, self._asks, self._ask_cache, -1)
        except (ValueError, TypeError) as exc:
            self.clear()
            raise ValueError(f"malformed depth level, book cleared: {exc}") from None
        self._bid_keys[:] = sorted(self._bids)
        self._ask_keys[:] = sorted(self._asks)
        self.last_update_id = update_id

    def update(self, bids: Iterable[Level], asks: Iterable[Level], update_id: int | None = None) -> None:
        """Apply levels by price: a new price is added, quantity 0 deletes, otherwise replaces.

        Raises ValueError when a level is malformed, and the book is then cleared (levels and
        update id): a bad frame is refused on arrival, never half-applied into a usable book.
        """
        try:
            touched = self._apply(bids, self._bids, self._bid_keys, self._bid_cache, 1, self._bid_floor)
            touched |= self._apply(asks, self._asks, self._ask_keys, self._ask_cache, -1, self._ask_floor)
        except (ValueError, TypeError) as exc:
            self.clear()
            raise ValueError(f"malformed depth level, book cleared: {exc}") from None
        if touched:
            self._forget_top()
        if update_id is not None:
            self.last_update_id = update_id

    def _fill(self, levels: Iterable[Level], book: dict[int, int], cache: dict[str, int], sign: int) -> None:
        # Snapshot levels into an emptied side; the key list is sorted once afterwards.
        for price, qty in levels:
            key = cache.get(price)
            if key is None:
                key = self._learn_price(price, cache, sign)
            units = self._qty_units(qty)
            if units:
                book[key] = units
            else:
                book.pop(key, None)

    def _apply(
        self,
        levels: Iterable[Level],
        book: dict[int, int],
        keys: list[int],
        cache: dict[str, int],
        sign: int,
        floor: int,
    ) -> bool:
        # The hot path: one dict lookup for a known (checked) price string; a quantity with a dot
        # `qd` places from the end and only decimal digits besides is read with `int` (exact even
        # for the non-ASCII digits `isdigit` lets through; `int` refuses its other characters).
        # Anything else takes the checked slow path. True when a key at or above `floor` is seen.
        qd = self._qd
        dot = -1 - (qd or 0)
        get = cache.get
        touched = False
        for price, qty in levels:
            key = get(price)
            if key is None:
                key = self._learn_price(price, cache, sign)
            if key >= floor:
                touched = True
            try:
                fast = qty[dot] == "."
            except IndexError:
                fast = False
            if fast and (digits := qty.replace(".", "", 1)).isdigit():
                units = int(digits)
            elif qd == 0 and qty.isdigit():
                units = int(qty)
            else:
                units = self._qty_units(qty)
                qd = self._qd
                dot = -1 - (qd or 0)
            if units:
                if key not in book:
                    insort(keys, key)
                book[key] = units
            elif key in book:
                del book[key]
                del keys[bisect_left(keys, key)]
        return touched

    def _learn_price(self, price: str, cache: dict[str, int], sign: int) -> int:
        units, need = _units(price, self._pd)
        if self._pd is not None and need > self._pd:
            self._widen_prices(need)
        if need != self._pd:
            self._pd = need
            self._price_unit = _unit(need)
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        key = cache[price] = sign * units
        return key

    def _qty_units(self, qty: str) -> int:
        if not _NUMBER(qty):
            raise ValueError(f"not a non-negative decimal number: {qty!r}")
        qd = self._qd
        if qd is not None:
            whole, _, frac = qty.partition(".")
            digits = whole + frac
            if len(frac) == qd and digits.isdigit():  # no exponent
                return int(digits)
        units, need = _units(qty, qd)
        if self._qd is not None and need > self._qd:
            factor = 10 ** (need - self._qd)
            for book in (self._bids, self._asks):
                for key in book:
                    book[key] *= factor
            self._forget_top()
        self._qd = need
        self._qty_unit = _unit(need)
        self._qty_dec.clear()
        return units

    def _widen_prices(self, decimals: int) -> None:
        assert self._pd is not None
        factor = 10 ** (decimals - self._pd)
        for book, keys in ((self._bids, self._bid_keys), (self._asks, self._ask_keys)):
            scaled = {key * factor: qty for key, qty in book.items()}
            book.clear()
            book.update(scaled)
            keys[:] = [key * factor for key in keys]
        self._bid_cache.clear()
        self._ask_cache.clear()
        self._price_dec.clear()
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
        return len(self._bids) + len(self._asks)

    @property
    def crossed(self) -> bool:
        """True when the best bid is at or above the best ask."""
        return bool(self._bid_keys and self._ask_keys and self._bid_keys[-1] >= -self._ask_keys[-1])

    def _price(self, units: int) -> Decimal:
        cached = self._price_dec.get(units)
        if cached is None:
            if len(self._price_dec) >= _CACHE_MAX:
                self._price_dec.clear()
            assert self._pd is not None
            cached = self._price_dec[units] = _dec(units, self._pd)
        return cached

    def _qty(self, units: int) -> Decimal:
        cached = self._qty_dec.get(units)
        if cached is None:
            if len(self._qty_dec) >= _CACHE_MAX:
                self._qty_dec.clear()
            cached = self._qty_dec[units] = _EXACT.multiply(units, self._qty_unit)
        return cached

    def best_bid(self) -> tuple[Decimal, Decimal] | None:
        """``(price, quantity)`` of the best bid, or None when the side is empty."""
        if not self._bid_keys:
            return None
        key = self._bid_keys[-1]
        return self._price(key), self._qty(self._bids[key])

    def best_ask(self) -> tuple[Decimal, Decimal] | None:
        """``(price, quantity)`` of the best ask, or None when the side is empty."""
        if not self._ask_keys:
            return None
        key = self._ask_keys[-1]
        return self._price(-key), self._qty(self._asks[key])

    def top_units(self, n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The best ``n`` levels per side as integer units, best first (the fast read).

        The lists are shared with later reads of an unchanged top: don't mutate them.
        """
        top = self._top_units
        if top is not None and self._top_n == n:
            return top
        self._top = None
        bids, asks = self._bids, self._asks
        bid_keys, ask_keys = self._bid_keys[: -n - 1 : -1], self._ask_keys[: -n - 1 : -1]
        top = self._top_units = [(k, bids[k]) for k in bid_keys], [(-k, asks[k]) for k in ask_keys]
        self._top_n = n
        # with fewer than n levels on a side, any update there changes the top
        self._bid_floor = bid_keys[-1] if 0 < n == len(bid_keys) else _NO_FLOOR
        self._ask_floor = ask_keys[-1] if 0 < n == len(ask_keys) else _NO_FLOOR
        return top

    def top(self, n: int) -> tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]]:
        """The best ``n`` levels per side as ``(price, quantity)`` Decimals, best first.

        The lists are shared with later reads of an unchanged top: don't mutate them.
        """
        bids, asks = self.top_units(n)
        cached = self._top
        if cached is not None:
            return cached
        prices, qtys = self._price_dec, self._qty_dec
        for cache in (prices, qtys):
            if len(cache) >= _CACHE_MAX:
                cache.clear()
        # a miss is converted and stored by C calls alone (multiply, setdefault): no Python frame per level
        pget, pnew, qget, qnew = prices.get, prices.setdefault, qtys.get, qtys.setdefault
        mul, punit, qunit = _EXACT.multiply, self._price_unit, self._qty_unit
        result = (
            [(pget(p) or pnew(p, mul(p, punit)), qget(q) or qnew(q, mul(q, qunit))) for p, q in bids],
            [(pget(p) or pnew(p, mul(p, punit)), qget(q) or qnew(q, mul(q, qunit))) for p, q in asks],
        )
        self._top = result
        return result

    def spread(self) -> Decimal | None:
        """Best ask minus best bid, or None when a side is empty."""
        if not (self._bid_keys and self._ask_keys):
            return None
        assert self._pd is not None
        return _dec(-self._ask_keys[-1] - self._bid_keys[-1], self._pd)

    def mid(self) -> Decimal | None:
        """The mid price, or None when a side is empty."""
        if not (self._bid_keys and self._ask_keys):
            return None
        assert self._pd is not None
        return _EXACT.divide(_dec(self._bid_keys[-1] - self._ask_keys[-1], self._pd), 2)

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
        bid_keys, ask_keys = self._bid_keys, self._ask_keys
        bid_total = sum(self._bids[k] for k in bid_keys[bisect_left(bid_keys, low) :])
        ask_total = sum(self._asks[k] for k in ask_keys[bisect_left(ask_keys, -high) :])
        return _dec(bid_total, self._qd), _dec(ask_total, self._qd)

    def __repr__(self) -> str:
        bid, ask = self.best_bid(), self.best_ask()
        return (
            f"OrderBook(bids={len(self._bids)}, asks={len(self._asks)}, best_bid={bid}, best_ask={ask},"
            f" last_update_id={self.last_update_id})"
        )


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
