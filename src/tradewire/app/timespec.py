"""Times typed by people: `7d`, `12h`, `2024-05-01`, `2024-05-01T08:00`, Unix ms, `now`."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime

from tradewire.app.errors import CliError

UNITS_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
_AGO = re.compile(r"([0-9]{1,9})([smhdw])\Z", re.ASCII)
_MS = re.compile(r"[0-9]{12,30}\Z", re.ASCII)
DAY_MS = 86_400_000
#: the times accepted: from the Unix epoch to the end of year 9999 (beyond that no exchange has data or dates)
MAX_MS = 253_402_300_799_999
FORMS = "use e.g. 7d, 12h, 2024-05-01, 2024-05-01T08:00 or Unix ms"


def parse_time(text: str, option: str, now_ms: int, utc: bool) -> int:
    """UTC ms for `text`; a duration (`7d`) means that long before now; dates are local unless `utc`."""
    s = text.strip()
    if s == "now":
        return now_ms
    if m := _AGO.match(s):
        ms = now_ms - int(m.group(1)) * UNITS_MS[m.group(2)]
    elif _MS.match(s):
        ms = int(s)
    elif not s.isascii():
        raise CliError(f"{option}: {text!r} is not a time; {FORMS}")
    else:
        try:
            moment = datetime.fromisoformat(s)
        except ValueError:
            raise CliError(f"{option}: {text!r} is not a time; {FORMS}") from None
        try:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC) if utc else moment.astimezone()
            ms = int(moment.timestamp()) * 1000 + moment.microsecond // 1000
        except (ValueError, OverflowError, OSError):  # a date the platform cannot place (year 1 in a local zone)
            ms = -1
    if not 0 <= ms <= MAX_MS:
        raise CliError(f"{option}: {text!r} is out of range; times run from 1970-01-01 to 9999-12-31 UTC")
    return ms


def months_ago(now_ms: int, months: int) -> int:
    """The same UTC day and time `months` calendar months before `now_ms` (clamped to month end)."""
    now = datetime.fromtimestamp(now_ms // 1000, UTC)
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    then = now.replace(year=year, month=month, day=min(now.day, calendar.monthrange(year, month)[1]))
    return int(then.timestamp()) * 1000 + now_ms % 1000
