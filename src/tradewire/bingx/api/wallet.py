"""Deposits and withdrawals (skills spot-wallet)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx import wallet as W
from tradewire.bingx import wallet_models as wm
from tradewire.core.client import SyncClient

Num = Decimal | int | str


class WalletApi(SyncClient):
    """Deposit and withdrawal history, coin networks, deposit addresses, withdraw."""

    def deposits(self, coin: str | None = None, status: int | None = None, start_time: int | None = None,
                 end_time: int | None = None, offset: int | None = None, limit: int | None = None,
                 tx_id: str | None = None, **extra: Any) -> list[wm.Deposit]:
        """Deposit history, newest first (status 0 in progress, 1 completed, 6 chain uploaded)."""
        result: list[wm.Deposit] = self._call(W.DEPOSITS, coin=coin, status=status, startTime=start_time,
                                              endTime=end_time, offset=offset, limit=limit, txId=tx_id, **extra)
        return result

    def withdrawals(self, coin: str | None = None, id: str | None = None, withdraw_order_id: str | None = None,
                    status: int | None = None, start_time: int | None = None, end_time: int | None = None,
                    offset: int | None = None, limit: int | None = None, tx_id: str | None = None,
                    **extra: Any) -> list[wm.Withdrawal]:
        """Withdrawal history, newest first (status 4 under review, 5 failed, 6 completed)."""
        result: list[wm.Withdrawal] = self._call(
            W.WITHDRAWALS, coin=coin, id=id, withdrawOrderId=withdraw_order_id, status=status, startTime=start_time,
            endTime=end_time, offset=offset, limit=limit, txId=tx_id, **extra)
        return result

    def coin_configs(self, coin: str | None = None, **extra: Any) -> list[wm.CoinConfig]:
        """Every coin's networks with their fees, limits and whether deposits and withdrawals are open."""
        result: list[wm.CoinConfig] = self._call(W.COIN_CONFIGS, coin=coin, **extra)
        return result

    def deposit_addresses(self, coin: str, offset: int | None = None, limit: int | None = None,
                          **extra: Any) -> wm.DepositAddresses:
        """Your deposit addresses of `coin`, one per network (main accounts only)."""
        result: wm.DepositAddresses = self._call(W.DEPOSIT_ADDRESS, coin=coin, offset=offset, limit=limit,
                                                 **extra)
        return result

    def deposit_risk_records(self, **extra: Any) -> list[wm.RiskRecord]:
        """Deposits held for risk review (yours and your sub-accounts')."""
        result: list[wm.RiskRecord] = self._call(W.DEPOSIT_RISK, **extra)
        return result

    def withdraw(self, coin: str, address: str, amount: Num, wallet_type: int = 1, network: str | None = None,
                 address_tag: str | None = None, withdraw_order_id: str | None = None,
                 **extra: Any) -> wm.WithdrawResult:
        """Send `amount` of `coin` (fee included) from the fund (1), standard futures (2), perpetual (3) or spot
        (15) account to `address`. Sent once: an unknown outcome is reconciled by `withdrawOrderId` (generated
        when not given), else `UnknownOutcome`; `OrderNotPlaced` proves it was not made."""
        params = dict(coin=coin, address=address, amount=amount, walletType=wallet_type, network=network,
                      addressTag=address_tag, withdrawOrderId=withdraw_order_id, **extra)
        result: wm.WithdrawResult = self._call_flow(W.withdraw(self.context, W.WITHDRAW, params))
        return result
