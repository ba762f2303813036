"""Times typed by people: `7d`, `12h`, `2024-05-01`, `2024-05-01T08:00`, Unix ms, `now`."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime

from tradewire.cli.errors import CliError

UNITS_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
_AGO = re.compile(r"^(\d+)([smhdw])$")
DAY_MS = 86_400_000


def parse_time(text: str, option: str, now_ms: int, utc: bool) -> int:
    """UTC ms for `text`; a duration (`7d`) means that long before now; dates are local unless `utc`."""
    s = text.strip()
    if s == "now":
        return now_ms
    if m := _AGO.match(s):
        return now_ms - int(m.group(1)) * UNITS_MS[m.group(2)]
    if s.isdigit() and len(s) >= 12:
        return int(s)
    try:
        moment = datetime.fromisoformat(s)
    except ValueError:
        raise CliError(f"{option}: {text!r} is not a time; use e.g. 7d, 12h, 2024-05-01, "
                       "2024-05-01T08:00 or Unix ms") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC) if utc else moment.astimezone()
    return int(moment.timestamp()) * 1000 + moment.microsecond // 1000


def months_ago(now_ms: int, months: int) -> int:
    """The same UTC day and time `months` calendar months before `now_ms` (clamped to month end)."""
    now = datetime.fromtimestamp(now_ms // 1000, UTC)
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    then = now.replace(year=year, month=month, day=min(now.day, calendar.monthrange(year, month)[1]))
    return int(then.timestamp()) * 1000 + now_ms % 1000
