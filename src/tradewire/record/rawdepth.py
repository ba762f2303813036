"""A depth push as the wire sent it: the recorder's hot path keeps the level strings and the writer turns them
into decimal128 columns in Arrow (an exact cast from the decimal strings), so no Decimal object is made per level.
`event` gives the normalized `Depth` for the sinks and readers that want one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from tradewire.record.normalize import levels
from tradewire.record.schema import Depth, Market, Venue


class RawDepth(NamedTuple):
    """The columns of one depth row, the levels still as the venue's ``(price, qty)`` strings."""

    venue: Venue
    symbol: str
    market: Market
    ts_local: int
    ts_event: int | None
    seq: int | None
    kind: str
    first_id: int | None
    prev_id: int | None
    bids: Sequence[tuple[str, str]]
    asks: Sequence[tuple[str, str]]

    def event(self) -> Depth:
        """The normalized `Depth` event."""
        return Depth(venue=self.venue, symbol=self.symbol, ts_local=self.ts_local, ts_event=self.ts_event,
                     seq=self.seq, market=self.market, kind=self.kind,  # type: ignore[arg-type]
                     first_id=self.first_id, prev_id=self.prev_id, bids=levels(self.bids), asks=levels(self.asks))
