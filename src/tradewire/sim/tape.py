"""The public trade tape of one contract: a seeded random walk with one trade every ``SPACING_MS``.

Trade ``i`` happens at ``origin + i * SPACING_MS``; prices are integer ticks, sizes integer steps.
The walk is generated in hourly chunks, each from its own seeded generator, so the tape is a pure
function of (seed, symbol, origin) no matter when or how often it is read. Generating is locked: the
server's threads and a test's own reads may extend the same tape at once (unlocked, both could append the
same chunk, and every later price would be off).
"""

from __future__ import annotations

import random
import threading
from array import array
from itertools import accumulate
from operator import mul

from tradewire.sim.bingx.contracts import Contract

SPACING_MS = 10_000
CHUNK = 360  # trades per generated chunk: one hour
_ID_BASE = 100_000_000  # first trade id


def _walk_params(base_ticks: int) -> tuple[int, int]:
    """(half width, scale) of the per-trade step so that its std is about 0.02 % of the price."""
    target = max(1, base_ticks * 2 // 10_000)
    scale = max(1, -(-target * 1732 // 100_000))
    width = max(1, min(100, (target * 1732 + 500 * scale) // (1000 * scale)))
    return width, scale


class Tape:
    """Trades of one contract; ``anchor_ms`` is the moment whose last price equals the base price."""

    def __init__(self, contract: Contract, seed: int, origin_ms: int, anchor_ms: int) -> None:
        self.contract = contract
        self.origin_ms = origin_ms
        self._seed = seed
        self._start = contract.ticks(contract.base_price)
        self._width, self._scale = _walk_params(self._start)
        self._steps = bytes(
            round((b - 127.5) / 127.5 * self._width) + self._width for b in range(256)
        )
        self._sizes = bytes(1 + (b * b * 254) // 65025 for b in range(256))
        self._raw = array("q")
        self._qty = array("B")
        self._offset = 0
        self._lock = threading.Lock()
        anchor = self.count(anchor_ms)
        self._ensure(anchor)
        self._offset = self._start - self._raw[anchor - 1]

    def __getstate__(self) -> dict[str, object]:
        """For a snapshot: the generated trades are a cache (a pure function of the seed), rebuilt on use."""
        state = {**self.__dict__, "_raw": array("q"), "_qty": array("B")}
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _ensure(self, n: int) -> None:
        if len(self._qty) >= n:  # the hot path: generated (sizes are appended after prices; both only grow)
            return
        with self._lock:
            self._generate(n)

    def _generate(self, n: int) -> None:
        while len(self._raw) < n:
            chunk = len(self._raw) // CHUNK
            rng = random.Random(f"{self._seed}:{self.contract.symbol}:tape:{chunk}")
            steps = rng.randbytes(CHUNK).translate(self._steps)
            sizes = rng.randbytes(CHUNK).translate(self._sizes)
            last = self._raw[-1] if self._raw else self._start
            width, scale = self._width, self._scale
            self._raw.extend(last + scale * (s - width * k) for k, s in enumerate(accumulate(steps), 1))
            self._qty.extend(sizes)

    def count(self, t_ms: int) -> int:
        """Number of trades printed at or before ``t_ms``."""
        return max(0, (t_ms - self.origin_ms) // SPACING_MS + 1)

    def first_at_or_after(self, t_ms: int) -> int:
        """Index of the first trade at or after ``t_ms``."""
        return max(0, -(-(t_ms - self.origin_ms) // SPACING_MS))

    def time(self, i: int) -> int:
        """Time of trade ``i`` in ms."""
        return self.origin_ms + i * SPACING_MS

    @staticmethod
    def trade_id(i: int) -> int:
        """Public id of trade ``i`` (increasing)."""
        return _ID_BASE + i

    @staticmethod
    def index_of(trade_id: int) -> int:
        """Inverse of :meth:`trade_id`."""
        return trade_id - _ID_BASE

    def price(self, i: int) -> int:
        """Price of trade ``i`` in ticks."""
        self._ensure(i + 1)
        return self._raw[i] + self._offset

    def qty(self, i: int) -> int:
        """Size of trade ``i`` in steps."""
        self._ensure(i + 1)
        return self._qty[i] * self.contract.qty_multiplier

    def buyer_maker(self, i: int) -> bool:
        """True when the seller was the aggressor (the price ticked down; ties alternate)."""
        before = self.price(i - 1) if i > 0 else self._start + self._offset
        now = self.price(i)
        return now < before or (now == before and i % 2 == 1)

    def stats(self, a: int, b: int) -> tuple[int, int, int, int, int, int]:
        """(open, high, low, close, volume steps, sum of price*size) of trades ``a`` .. ``b - 1``."""
        self._ensure(b)
        prices = self._raw[a:b]
        sizes = self._qty[a:b]
        volume = sum(sizes)
        quote = sum(map(mul, prices, sizes)) + self._offset * volume
        m = self.contract.qty_multiplier
        off = self._offset
        return prices[0] + off, max(prices) + off, min(prices) + off, prices[-1] + off, volume * m, quote * m

    def taker_buys(self, a: int, b: int) -> tuple[int, int]:
        """(volume steps, sum of price*size) of the trades ``a`` .. ``b - 1`` whose buyer was the aggressor."""
        self._ensure(b)
        raw, sizes, off = self._raw, self._qty, self._offset
        before = raw[a - 1] if a > 0 else self._start
        volume = quote = 0
        for i in range(a, b):
            now = raw[i]
            if now > before or (now == before and i % 2 == 0):
                volume += sizes[i]
                quote += (now + off) * sizes[i]
            before = now
        m = self.contract.qty_multiplier
        return volume * m, quote * m
