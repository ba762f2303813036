"""Typed BingX wallet results: deposits, withdrawals, coin networks, deposit addresses."""

from __future__ import annotations

from decimal import Decimal

from tradewire.bingx.models import Model
from tradewire.core.codec import Id


class Deposit(Model, kw_only=True):
    """A deposit (status 0 in progress, 1 completed, 6 chain uploaded: sub-account api-reference and live;
    spot-wallet's table words them differently)."""

    insert_time: int
    amount: Decimal
    coin: str
    network: str | None = None
    address: str | None = None
    address_tag: str | None = None
    tx_id: str | None = None
    status: int
    transfer_type: int | None = None
    unlock_confirm: str | None = None
    confirm_times: str | None = None


class Withdrawal(Model, kw_only=True):
    """A withdrawal (status 4 under review, 5 failed, 6 completed); `amount` includes `transaction_fee`."""

    id: Id
    amount: Decimal
    transaction_fee: Decimal | None = None
    coin: str
    status: int
    address: str | None = None
    address_tag: str | None = None
    tx_id: str | None = None
    apply_time: str | None = None
    network: str | None = None
    transfer_type: int | None = None
    withdraw_order_id: str | None = None
    info: str | None = None
    confirm_no: int | None = None


class CoinNetwork(Model, kw_only=True):
    network: str
    name: str | None = None
    deposit_enable: bool
    withdraw_enable: bool
    withdraw_fee: Decimal
    withdraw_min: Decimal
    withdraw_max: Decimal
    deposit_min: Decimal | None = None
    min_confirm: int | None = None
    withdraw_precision: int | None = None
    deposit_precision: int | None = None
    is_default: bool | None = None
    contract_address: str | None = None
    need_tag_or_memo: bool | None = None
    display_name: str | None = None
    deposit_desc: str | None = None
    withdraw_desc: str | None = None
    special_tips: str | None = None


class CoinConfig(Model, kw_only=True):
    coin: str
    name: str | None = None
    network_list: list[CoinNetwork]


class DepositAddress(Model, kw_only=True):
    coin: str
    network: str
    address: str
    tag: str | None = None
    url: str | None = None


class DepositAddresses(Model, kw_only=True):
    data: list[DepositAddress]
    total: int


class RiskRecord(Model, kw_only=True):
    insert_time: int
    amount: Decimal
    coin: str
    network: str | None = None
    address: str | None = None
    tx_id: str | None = None
    status: int | None = None
    risk_reason: str | None = None


class WithdrawResult(Model, kw_only=True):
    """`id` of the withdrawal; `withdraw_order_id` is the client id it was sent with (filled by the client)."""

    id: Id
    withdraw_order_id: str | None = None
