"""Inverse-contract arithmetic: a contract is `face` USD; value, margin, fees and PnL are in the coin.

For `qty` contracts at price `p` the coin value is ``qty * face / p``. A long's PnL from entry `e` to
price `p` is ``qty * face * (1/e - 1/p)`` (a short's the opposite), the average entry of several fills is
their harmonic mean ``sum(qty) / sum(qty / p)``, and the initial margin is the entry value over the
leverage. Amounts of the coin are rounded to 8 decimals (half even) before they move; prices are kept to
8 decimals too.
"""

from __future__ import annotations

from decimal import Decimal

Q8 = Decimal("1E-8")
ZERO = Decimal(0)
MAINTENANCE_RATE = Decimal("0.005")


def coin(amount: Decimal) -> Decimal:
    """A coin amount as it moves: 8 decimals."""
    return amount.quantize(Q8)


def value(qty: Decimal, face: Decimal, price: Decimal) -> Decimal:
    """The coin value of `qty` contracts at `price` (exact, unrounded)."""
    return qty * face / price


def fee(qty: Decimal, face: Decimal, price: Decimal, rate: Decimal) -> Decimal:
    """The fee of a fill: its coin value times `rate`, to 8 decimals."""
    return coin(value(qty, face, price) * rate)


def pnl(side: str, qty: Decimal, face: Decimal, entry: Decimal, price: Decimal) -> Decimal:
    """PnL in the coin of `qty` contracts of a `side` (LONG/SHORT) position entered at `entry`, at `price`."""
    long = qty * face * (1 / entry - 1 / price)
    return coin(long if side == "LONG" else -long)


def average(qty: Decimal, entry: Decimal, add: Decimal, price: Decimal) -> Decimal:
    """The entry of `qty` contracts at `entry` plus `add` at `price`: the harmonic mean, 8 decimals."""
    return ((qty + add) / (qty / entry + add / price)).quantize(Q8).normalize()


def initial_margin(qty: Decimal, face: Decimal, entry: Decimal, leverage: int) -> Decimal:
    """The entry value over the leverage, to 8 decimals."""
    return coin(value(qty, face, entry) / leverage)


def liquidation_price(side: str, qty: Decimal, face: Decimal, entry: Decimal, backing: Decimal) -> Decimal:
    """The price at which `backing` plus the PnL falls to the maintenance margin (`MAINTENANCE_RATE` of the
    coin value at that price); 0 when no price gets there (a short backed by more than its entry value).

    Long: backing + F(1/e - 1/p) = m F/p, so p = F (1 + m) / (F/e + backing);
    short: backing + F(1/p - 1/e) = m F/p, so p = F (1 - m) / (F/e - backing); F = qty * face."""
    f = qty * face
    if side == "LONG":
        price = f * (1 + MAINTENANCE_RATE) / (f / entry + backing)
    else:
        rest = f / entry - backing
        if rest <= 0:
            return ZERO
        price = f * (1 - MAINTENANCE_RATE) / rest
    return price.quantize(Q8).normalize()
