"""Moving money: between one user's accounts, and from one user to another."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.accounts import IncomeRow, InnerTransfer, TransferRecord
from tradewire.sim.bingx.contracts import COINS
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT as PERP
from tradewire.sim.bingx.perp import summary
from tradewire.sim.bingx.state import SimState
from tradewire.sim.ledger import InsufficientBalance

TRANSFER_TYPES: dict[str, tuple[str, str]] = {
    "FUND_SFUTURES": ("fund", "stdFutures"),
    "SFUTURES_FUND": ("stdFutures", "fund"),
    "FUND_PFUTURES": ("fund", "USDTMPerp"),
    "PFUTURES_FUND": ("USDTMPerp", "fund"),
    "SFUTURES_PFUTURES": ("stdFutures", "USDTMPerp"),
    "PFUTURES_SFUTURES": ("USDTMPerp", "stdFutures"),
}
WALLET_TYPES: dict[int, str] = {1: "fund", 2: "stdFutures", 3: "USDTMPerp", 15: "spot"}
_ACCOUNT_COINS: dict[str, tuple[str, ...]] = {
    "fund": tuple(COINS),
    "spot": tuple(COINS),
    "USDTMPerp": ("USDT", "USDC"),
    "stdFutures": ("USDT",),
    "coinMPerp": ("BTC", "ETH", "SOL", "DOGE"),
}
_SHORT_NAMES = {"fund": "FUND", "spot": "SPOT", "stdFutures": "SFUTURES", "USDTMPerp": "PFUTURES",
                "coinMPerp": "CFUTURES"}


def supported_coins(src: str, dst: str) -> list[str]:
    """Coins that may move from ``src`` to ``dst``."""
    return [c for c in _ACCOUNT_COINS[src] if c in _ACCOUNT_COINS[dst]] if src != dst else []


def type_name(src: str, dst: str) -> str:
    """The TransferType of a route. Routes without a documented one get a name built the same way
    (e.g. FUND_SPOT) so that a lookup by tranId still shows them."""
    for name, route in TRANSFER_TYPES.items():
        if route == (src, dst):
            return name
    return f"{_SHORT_NAMES[src]}_{_SHORT_NAMES[dst]}"


def _available(state: SimState, uid: str, account: str, asset: str, now: int) -> Decimal | None:
    """What may leave an account: free margin for the perpetual account, the balance elsewhere."""
    if account != PERP:
        return None
    return summary(state.ledger, state.book, state.market, uid, asset, now).available


def _move(state: SimState, src: tuple[str, str], dst: tuple[str, str], asset: str, amount: Decimal,
          reason: str, now: int) -> None:
    try:
        state.ledger.move(src, dst, asset, amount, available=_available(state, *src, asset, now),
                          reason=reason, time=now)
    except InsufficientBalance as exc:
        raise ApiError(errors.INSUFFICIENT_BALANCE, f"Insufficient assets: {exc}") from exc


def _perp_income(state: SimState, uid: str, asset: str, amount: Decimal, tran_id: str, now: int) -> None:
    state.book.add_income(uid, IncomeRow("", "TRANSFER", amount, asset, "Transfer", now, tran_id, tran_id))


def transfer(state: SimState, uid: str, asset: str, amount: Decimal, src: str, dst: str,
             now: int) -> TransferRecord:
    """Move ``amount`` of ``asset`` between two of ``uid``'s accounts."""
    if src == dst:
        raise ApiError(errors.PARAM_ERROR, "fromAccount and toAccount must differ")
    if asset not in COINS:
        raise ApiError(errors.COIN_NOT_EXIST, f"coin {asset} does not exist")
    if asset not in supported_coins(src, dst):
        raise ApiError(errors.PARAM_ERROR, f"{asset} cannot be transferred from {src} to {dst}")
    _move(state, (uid, src), (uid, dst), asset, amount, "ASSET_TRANSFER", now)
    record = TransferRecord(state.book.new_tran_id(), state.book.new_transfer_id(), uid, asset, amount, src,
                            dst, now)
    state.book.transfers.append(record)
    if PERP in (src, dst):
        _perp_income(state, uid, asset, amount if dst == PERP else -amount, str(record.tran_id), now)
    return record


def inner_transfer(state: SimState, sender: str, receiver: str, coin: str, amount: Decimal, wallet_type: int,
                   client_id: str | None, now: int) -> InnerTransfer:
    """Move ``amount`` of ``coin`` from the sender's ``wallet_type`` account to the receiver's fund account.

    A repeated ``client_id`` returns the first transfer and moves nothing.
    """
    if client_id is not None:
        for done in state.book.inner:
            if done.from_uid == sender and done.client_id == client_id:
                return done
    if receiver == sender:
        raise ApiError(errors.PARAM_ERROR, "cannot transfer to yourself")
    if coin not in COINS:
        raise ApiError(errors.COIN_NOT_EXIST, f"coin {coin} does not exist")
    account = WALLET_TYPES[wallet_type]
    if coin not in _ACCOUNT_COINS[account]:
        raise ApiError(errors.PARAM_ERROR, f"{coin} is not held in walletType {wallet_type}")
    _move(state, (sender, account), (receiver, "fund"), coin, amount, "INTERNAL_TRANSFER", now)
    record = InnerTransfer(state.book.new_inner_id(), coin, amount, sender, receiver, wallet_type, client_id, now)
    state.book.inner.append(record)
    if account == PERP:
        _perp_income(state, sender, coin, -amount, str(record.id), now)
    return record
