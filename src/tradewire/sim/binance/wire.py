"""What a Binance handler receives and raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from tradewire.sim.users import SimUser

if TYPE_CHECKING:  # the exchange builds the product books, which raise ApiError
    from tradewire.sim.binance.exchange import BinanceExchange


class ApiError(Exception):
    """An error answer: HTTP status, Binance code and message."""

    def __init__(self, code: int, msg: str, status: int = 400, data: Any = None) -> None:
        super().__init__(msg)
        self.code, self.msg, self.status, self.data = code, msg, status, data


@dataclass
class Call:
    """One request as the handlers see it."""

    params: dict[str, str]
    user: SimUser | None
    ex: BinanceExchange

    def get(self, name: str) -> str | None:
        return self.params.get(name)

    def need(self, name: str) -> str:
        value = self.params.get(name)
        if value is None or value == "":
            raise ApiError(-1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.")
        return value

    def dec(self, name: str) -> Decimal | None:
        value = self.params.get(name)
        if value is None:
            return None
        try:
            d = Decimal(value)
        except InvalidOperation:
            raise ApiError(-1100, f"Illegal characters found in parameter '{name}'; legal range is "
                                  "'^([0-9]{1,20})(\\.[0-9]{1,20})?$'.") from None
        if not d.is_finite() or d < 0:
            raise ApiError(-1100, f"Illegal characters found in parameter '{name}'.")
        return d

    def int(self, name: str) -> int | None:
        value = self.params.get(name)
        if value is None:
            return None
        if not value.lstrip("-").isdigit():
            raise ApiError(-1100, f"Illegal characters found in parameter '{name}'; legal range is '^[0-9]{{1,20}}$'.")
        return int(value)

    @property
    def uid(self) -> str:
        assert self.user is not None
        return self.user.uid


Handler = Callable[[Call], Any]


