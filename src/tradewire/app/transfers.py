"""Transfer history between one's own accounts, every page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tradewire.bingx.client import BingX
    from tradewire.bingx.models import TransferRow

HISTORY_PAGE = 100


def history_rows(client: BingX, kinds: list[str], start: int | None, end: int | None,
                 tran_id: int | None = None) -> list[TransferRow]:
    """Every record of the given directions, all pages, newest first."""
    rows: list[TransferRow] = []
    for kind in kinds:
        page = 1
        while True:
            got = client.transfer_history(kind, tran_id, start, end, current=page, size=HISTORY_PAGE)
            rows += [r if r.type else _typed(r, kind) for r in got.rows]
            if len(got.rows) < HISTORY_PAGE or page * HISTORY_PAGE >= got.total:
                break
            page += 1
    return sorted(rows, key=lambda r: r.timestamp, reverse=True)


def _typed(row: TransferRow, kind: str) -> TransferRow:
    import msgspec

    return msgspec.structs.replace(row, type=kind)
