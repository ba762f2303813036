"""Income: the words for its types, and walking any time range page by page (BingX and Binance USD-M)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from tradewire.app.errors import USAGE, CliError

if TYPE_CHECKING:
    from tradewire.binance.futures_models import Income as FuturesIncome
    from tradewire.bingx.client import BingX
    from tradewire.bingx.models import Income

    Row = Income | FuturesIncome

R = TypeVar("R", "Income", "FuturesIncome")


PAGE = 1000


KEEP_MONTHS = 3


DEFAULT_DAYS = 7


#: words people use -> incomeType (bingx.md §17); exact enum values are accepted too
WORDS = {
    "pnl": "REALIZED_PNL", "realized pnl": "REALIZED_PNL", "realised pnl": "REALIZED_PNL", "profit": "REALIZED_PNL",
    "funding": "FUNDING_FEE", "funding fee": "FUNDING_FEE", "funding rate": "FUNDING_FEE",
    "trading fee": "TRADING_FEE", "fee": "TRADING_FEE", "commission": "TRADING_FEE",
    "liquidation": "INSURANCE_CLEAR", "adl": "ADL", "auto deleverage": "ADL", "auto deleveraging": "ADL",
    "transfer": "TRANSFER", "trial fund": "TRIAL_FUND", "system deduction": "SYSTEM_DEDUCTION",
    "guaranteed price": "GTD_PRICE",
}


def income_type(word: str | None) -> str | None:
    """The incomeType for a word (`funding` -> FUNDING_FEE); None means all types."""
    if word is None or word.strip().lower() in ("", "all"):
        return None
    from tradewire.bingx.endpoints import INCOME_TYPES

    key = word.strip().lower().replace("_", " ").replace("-", " ")
    key = key[:-1] if key.endswith("s") and key[:-1] in WORDS else key
    if key in WORDS:
        return WORDS[key]
    if word.strip().upper() in INCOME_TYPES:
        return word.strip().upper()
    raise CliError(f"--type: unknown type {word!r}; use one of: pnl, funding, commission, liquidation, adl, "
                   f"transfer, or {', '.join(INCOME_TYPES)}", USAGE)


#: BingX incomeType -> Binance USD-M's, where the two name one thing differently
BINANCE_KINDS = {"TRADING_FEE": "COMMISSION"}


def binance_kind(kind: str | None) -> str | None:
    """A BingX-worded income type in Binance USD-M's words; a usage error naming the rule when it has none."""
    from tradewire.binance.endpoints import INCOME_TYPES

    if kind is None:
        return None
    kind = BINANCE_KINDS.get(kind, kind)
    if kind not in INCOME_TYPES:
        raise CliError(f"--type: {kind} is not a Binance USD-M income type; use one of pnl, funding, commission, "
                       f"liquidation, transfer, or {', '.join(INCOME_TYPES)}", USAGE)
    return kind


def walk(client: BingX, symbol: str | None, kind: str | None, start: int, end: int) -> Iterator[list[Income]]:
    """BingX income pages over `[start, end]` (see `walk_pages`)."""
    return walk_pages(lambda lo, hi: client.income(symbol, kind, lo, hi, PAGE), start, end)


def walk_pages(fetch: Callable[[int, int], Sequence[R]], start: int, end: int) -> Iterator[list[R]]:
    """Pages of income over `[start, end]`, however many rows there are (`fetch(lo, hi)` asks for one page).

    A full page (1000 rows) is one contiguous block of the range, the oldest or the newest rows
    depending on the server; the parts of the range on either side of it are walked in turn. Rows
    at the boundary milliseconds are asked for twice and de-duplicated.
    """
    seen: set[tuple[object, ...]] = set()
    todo = [(start, end)]
    while todo:
        lo, hi = todo.pop()
        batch = fetch(lo, hi)
        fresh = []
        for r in batch:
            key = (r.tran_id, r.income_type, r.time, r.symbol, r.income, r.asset)
            if key not in seen:
                seen.add(key)
                fresh.append(r)
        if not fresh:
            continue
        yield fresh
        if len(batch) == PAGE:
            first, last = min(r.time for r in batch), max(r.time for r in batch)
            todo += [part for part in ((lo, first), (last, hi)) if part != (lo, hi)]
