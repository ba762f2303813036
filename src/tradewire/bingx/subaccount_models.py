"""Typed BingX sub-account results: sub-accounts, their API keys, balances, transfers and deposits."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from tradewire.bingx.models import AccountBalance, AssetBalance, Model
from tradewire.core.codec import Id


class ApiPermissions(Model, kw_only=True):
    """What the calling API key may do (apiPermissions / apiRestrictions)."""

    ip_restrict: bool | None = None
    create_time: int | None = None
    enable_reading: bool | None = None
    enable_spot_and_margin_trading: bool | None = None
    enable_withdrawals: bool | None = None
    enable_internal_transfer: bool | None = None
    enable_futures: bool | None = None
    permits_universal_transfer: bool | None = None
    enable_vanilla_options: bool | None = None


class ApiKeyInfo(Model, kw_only=True):
    api_key: str
    note: str | None = None
    permissions: list[int] | None = None
    ip_addresses: list[str] | None = None
    create_time: int | None = None


class ApiKeys(Model, kw_only=True):
    api_key_list: list[ApiKeyInfo]


class NewApiKey(Model, kw_only=True):
    """A created key: `secret_key` is shown this once."""

    api_key: str
    secret_key: str
    note: str | None = None
    permissions: list[int] | None = None
    ip_addresses: list[str] | None = None

    def __repr__(self) -> str:  # the secret never appears in a repr
        return f"NewApiKey(api_key={self.api_key!r}, secret_key='***', note={self.note!r})"


class SubAccountCreated(Model, kw_only=True):
    sub_uid: Id
    sub_account_string: str
    note: str | None = None


class SubAccount(Model, kw_only=True):
    uid: Id
    sub_account_string: str
    note: str | None = None
    is_freeze: bool
    create_time: int | None = None


class SubAccounts(Model, kw_only=True):
    sub_account_list: list[SubAccount]
    total: int


class SubAssets(Model, kw_only=True):
    balances: list[AssetBalance]


class SubStatus(Model, kw_only=True):
    sub_uid: Id
    is_freeze: bool


class SubBalanceOverview(Model, kw_only=True):
    sub_uid: Id
    balances: list[AccountBalance]


class SubBalances(Model, kw_only=True):
    rows: list[SubBalanceOverview] = msgspec.field(name="list")
    total: int


class AuthorizeResult(Model, kw_only=True):
    success_list: list[Id]
    fail_list: list[Id]


class TranId(Model, kw_only=True):
    tran_id: Id


class SubAddress(Model, kw_only=True):
    coin: str
    network: str
    address: str
    tag: str | None = None


class SubAddresses(Model, kw_only=True):
    address_list: list[SubAddress]
    total: int


class SubDeposit(Model, kw_only=True):
    uid: Id
    coin: str
    amount: Decimal
    network: str | None = None
    status: int
    address: str | None = None
    tx_id: str | None = None
    insert_time: int
    transfer_type: int | None = None


class SubDeposits(Model, kw_only=True):
    deposit_list: list[SubDeposit]
    total: int


class SubInnerRecord(Model, kw_only=True):
    tran_id: Id
    coin: str
    amount: Decimal
    from_uid: Id
    to_uid: Id
    status: int
    create_time: int


class SubInnerRecords(Model, kw_only=True):
    records: list[SubInnerRecord]
    total: int


class SubTransferRow(Model, kw_only=True):
    tran_id: Id
    asset: str
    amount: Decimal
    type: str | None = None
    status: str | None = None
    timestamp: int


class SubTransferHistory(Model, kw_only=True):
    rows: list[SubTransferRow]
    total: int


class TransferableCoin(Model, kw_only=True):
    coin: str
    transferable_amount: Decimal


class TransferableCoins(Model, kw_only=True):
    coin_list: list[TransferableCoin]


class CreatedAddress(Model, kw_only=True):
    address: str
    address_tag: str | None = None
    address_with_prefix: str | None = None
    coin: str
    network: str
    status: int
    ts: int
    wallet_type: int
