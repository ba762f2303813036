"""The listed USDT-M perpetual contracts and their precision rules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Contract:
    """A perpetual contract. Prices and quantities are integers of ``tick`` and ``step`` internally."""

    symbol: str
    contract_id: str
    asset: str
    price_precision: int
    quantity_precision: int
    min_qty: Decimal
    min_usdt: Decimal
    max_leverage: int
    base_price: Decimal  # the last price when the simulator starts
    qty_multiplier: int  # trade sizes are 1..255 times this many steps
    open_interest: Decimal  # typical open interest in coin

    currency: str = "USDT"

    @property
    def tick(self) -> Decimal:
        """Smallest price increment."""
        return Decimal(1).scaleb(-self.price_precision)

    @property
    def step(self) -> Decimal:
        """Smallest quantity increment."""
        return Decimal(1).scaleb(-self.quantity_precision)

    def price(self, ticks: int) -> Decimal:
        """Price of an integer number of ticks, with the contract's decimals."""
        return Decimal(ticks).scaleb(-self.price_precision)

    def qty(self, steps: int) -> Decimal:
        """Quantity of an integer number of steps, with the contract's decimals."""
        return Decimal(steps).scaleb(-self.quantity_precision)

    def ticks(self, price: Decimal) -> int:
        """Price in ticks (rounded down to the tick)."""
        return int(price.scaleb(self.price_precision))


CONTRACTS: dict[str, Contract] = {
    c.symbol: c
    for c in (
        Contract("BTC-USDT", "100", "BTC", 1, 4, Decimal("0.0001"), Decimal(2), 125,
                 Decimal("65000.0"), 1, Decimal("8500.0000")),
        Contract("ETH-USDT", "101", "ETH", 2, 2, Decimal("0.01"), Decimal(2), 100,
                 Decimal("3200.00"), 1, Decimal("95000.00")),
        Contract("SOL-USDT", "102", "SOL", 3, 1, Decimal("0.1"), Decimal(2), 75,
                 Decimal("150.000"), 2, Decimal("610000.0")),
        Contract("DOGE-USDT", "103", "DOGE", 5, 0, Decimal(1), Decimal(2), 50,
                 Decimal("0.15000"), 40, Decimal("950000000")),
    )
}

# Coins known to the wallet (asset -> full name).
COINS: dict[str, str] = {
    "USDT": "Tether USDt",
    "USDC": "USD Coin",
    "BTC": "Bitcoin",
    "ETH": "Ethereum",
    "SOL": "Solana",
    "DOGE": "Dogecoin",
}
