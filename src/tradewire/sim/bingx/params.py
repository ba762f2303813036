"""Server-side parameter validation with the code of the endpoint's family (109400 swap, 100400 else)."""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal

from tradewire.sim.bingx.errors import ApiError

SYMBOL_RE = re.compile(r"^[A-Z0-9]+-[A-Z]+$")
_INT_RE = re.compile(r"^-?[0-9]+$")
#: a positive amount in plain notation, at most 20 integer digits (a larger one is refused, not a server crash)
_DECIMAL_RE = re.compile(r"^0*[0-9]{1,20}(\.[0-9]+)?$")


class Params:
    """Request parameters by name; an empty value counts as absent (clients send ``startTime=``)."""

    def __init__(self, values: dict[str, str], error_code: int) -> None:
        self._values = values
        self.error_code = error_code

    def fail(self, msg: str) -> ApiError:
        """A parameter error of this endpoint's family."""
        return ApiError(self.error_code, msg)

    def text(self, name: str, *, required: bool = False) -> str | None:
        """The raw value, or None when absent or empty."""
        value = self._values.get(name) or None
        if value is None and required:
            raise self.fail(f"{name} is required")
        return value

    def require(self, name: str) -> str:
        """The raw value of a required parameter."""
        value = self.text(name, required=True)
        assert value is not None
        return value

    def integer(self, name: str, *, default: int | None = None, low: int | None = None,
                high: int | None = None) -> int | None:
        """An integer within [low, high]."""
        raw = self.text(name)
        if raw is None:
            return default
        if not _INT_RE.match(raw):
            raise self.fail(f"{name} must be an integer")
        value = int(raw)
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(f"{name} must be between {low} and {high}")
        return value

    def enum(self, name: str, choices: Collection[str], *, required: bool = False) -> str | None:
        """A value that matches one of ``choices`` exactly."""
        value = self.text(name, required=required)
        if value is not None and value not in choices:
            raise self.fail(f"{name} must be one of {', '.join(choices)}")
        return value

    def symbol(self, *, required: bool = False) -> str | None:
        """A symbol like ``BTC-USDT`` (format only)."""
        value = self.text("symbol", required=required)
        if value is not None and (len(value) > 20 or not SYMBOL_RE.match(value)):
            raise self.fail("symbol must match ^[A-Z0-9]+-[A-Z]+$, e.g. BTC-USDT")
        return value

    def amount(self, name: str) -> Decimal:
        """A required positive decimal written in plain notation."""
        raw = self.require(name)
        if not _DECIMAL_RE.match(raw) or Decimal(raw) <= 0:
            raise self.fail(f"{name} must be a positive number")
        return Decimal(raw)

    def time_range(self) -> tuple[int | None, int | None]:
        """(startTime, endTime) in ms, checking endTime >= startTime."""
        start = self.integer("startTime", low=0)
        end = self.integer("endTime", low=0)
        if start is not None and end is not None and end < start:
            raise self.fail("startTime is later than endTime")
        return start, end
