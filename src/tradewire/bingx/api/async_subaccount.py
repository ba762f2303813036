"""Sub-accounts and API keys (skills sub-account)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx import subaccount as S
from tradewire.bingx import subaccount_models as sm
from tradewire.bingx.models import AssetBalance
from tradewire.core.client import AsyncClient

Num = Decimal | int | str


class AsyncSubAccountApi(AsyncClient):
    """Create and manage sub-accounts, their API keys, balances, addresses and transfers."""

    async def api_permissions(self) -> sm.ApiPermissions:
        """What the calling API key may do."""
        result: sm.ApiPermissions = await self._call(S.API_PERMISSIONS)
        return result

    async def api_restrictions(self) -> sm.ApiPermissions:
        """The calling API key's permissions and IP restriction."""
        result: sm.ApiPermissions = await self._call(S.API_RESTRICTIONS)
        return result

    async def api_keys(self, uid: str, api_key: str | None = None, **extra: Any) -> list[sm.ApiKeyInfo]:
        """The API keys of your account or of one of your sub-accounts (keys masked)."""
        result: sm.ApiKeys = await self._call(S.API_KEY_QUERY, uid=uid, apiKey=api_key, **extra)
        return result.api_key_list

    async def create_subaccount(self, name: str, note: str | None = None) -> sm.SubAccountCreated:
        """A new sub-account (`name`: starts with a letter, holds a digit, more than 6 characters)."""
        result: sm.SubAccountCreated = await self._call(S.SUB_CREATE, subAccountString=name, note=note)
        return result

    async def subaccounts(self, page: int = 1, limit: int = 100, sub_uid: str | None = None, name: str | None = None,
                    frozen: bool | None = None, **extra: Any) -> sm.SubAccounts:
        """Your sub-accounts, a page at a time."""
        result: sm.SubAccounts = await self._call(S.SUB_LIST, page=page, limit=limit, subUid=sub_uid,
                                            subAccountString=name, isFeeze=frozen, **extra)
        return result

    async def subaccount_assets(self, sub_uid: str, **extra: Any) -> list[AssetBalance]:
        """A sub-account's fund-account assets."""
        result: sm.SubAssets = await self._call(S.SUB_ASSETS, subUid=sub_uid, **extra)
        return result.balances

    async def freeze_subaccount(self, sub_uid: str, freeze: bool = True) -> sm.SubStatus:
        """Freeze (or with `freeze=False` unfreeze) a sub-account."""
        result: sm.SubStatus = await self._call(S.SUB_STATUS, subUid=sub_uid, freeze=freeze)
        return result

    async def subaccount_balances(self, page_index: int = 1, page_size: int = 10, sub_uid: str | None = None,
                            account_type: str | None = None, **extra: Any) -> sm.SubBalances:
        """USDT value of every account of your sub-accounts (at most 10 per page)."""
        result: sm.SubBalances = await self._call(S.SUB_BALANCES, pageIndex=page_index, pageSize=page_size,
                                            subUid=sub_uid, accountType=account_type, **extra)
        return result

    async def create_subaccount_api_key(self, sub_uid: str, note: str, permissions: list[int],
                                  ip_addresses: list[str] | None = None) -> sm.NewApiKey:
        """A new API key for a sub-account; its secret is shown only in this answer."""
        result: sm.NewApiKey = await self._call(S.API_KEY_CREATE, subUid=sub_uid, note=note, permissions=permissions,
                                          ipAddresses=ip_addresses)
        return result

    async def edit_subaccount_api_key(self, sub_uid: str, api_key: str, note: str, permissions: list[int],
                                ip_addresses: list[str] | None = None) -> sm.ApiKeyInfo:
        """Change a sub-account key's note, permissions and IP whitelist."""
        result: sm.ApiKeyInfo = await self._call(S.API_KEY_EDIT, subUid=sub_uid, apiKey=api_key, note=note,
                                           permissions=permissions, ipAddresses=ip_addresses)
        return result

    async def delete_subaccount_api_key(self, sub_uid: str, api_key: str) -> None:
        """Delete a sub-account's API key."""
        await self._call(S.API_KEY_DELETE, subUid=sub_uid, apiKey=api_key)

    async def authorize_subaccount_transfers(self, sub_uids: list[str], transferable: bool) -> sm.AuthorizeResult:
        """Allow (or forbid) sub-accounts to send internal transfers."""
        result: sm.AuthorizeResult = await self._call(S.AUTHORIZE_INNER, subUids=",".join(sub_uids),
                                                transferable=transferable)
        return result

    async def subaccount_inner_transfer(self, coin: str, amount: Num, user_account_type: int, user_account: str,
                                  wallet_type: int, calling_code: str | None = None, **extra: Any) -> str:
        """Send `amount` of `coin` to an account of your group (1 uid, 2 phone, 3 email) from the fund (1),
        standard futures (2) or perpetual (3) account; returns the transfer id. No client id exists for it: an
        unknown outcome raises `UnknownOutcome`, never re-sent."""
        result: sm.TranId = await self._call(S.SUB_INNER_TRANSFER, coin=coin, amount=amount,
                                       userAccountType=user_account_type, userAccount=user_account,
                                       walletType=wallet_type, callingCode=calling_code, **extra)
        return result.tran_id

    async def subaccount_deposit_addresses(self, coin: str, sub_uid: str, offset: int | None = None,
                                     limit: int | None = None, **extra: Any) -> sm.SubAddresses:
        """A sub-account's deposit addresses of `coin`."""
        result: sm.SubAddresses = await self._call(S.SUB_DEPOSIT_ADDRESS, coin=coin, subUid=sub_uid, offset=offset,
                                             limit=limit, **extra)
        return result

    async def subaccount_deposits(self, coin: str | None = None, sub_uid: str | None = None, tx_id: str | None = None,
                            status: int | None = None, start_time: int | None = None, end_time: int | None = None,
                            offset: int | None = None, limit: int | None = None, **extra: Any) -> sm.SubDeposits:
        """Deposits of one sub-account, or of all of them."""
        result: sm.SubDeposits = await self._call(S.SUB_DEPOSITS, coin=coin, subUid=sub_uid, txId=tx_id, status=status,
                                            startTime=start_time, endTime=end_time, offset=offset, limit=limit,
                                            **extra)
        return result

    async def subaccount_inner_transfers(self, coin: str, start_time: int | None = None, end_time: int | None = None,
                                   offset: int | None = None, limit: int | None = None,
                                   **extra: Any) -> sm.SubInnerRecords:
        """Internal transfers within your group, newest first."""
        result: sm.SubInnerRecords = await self._call(S.SUB_INNER_RECORDS, coin=coin, startTime=start_time,
                                                endTime=end_time, offset=offset, limit=limit, **extra)
        return result

    async def subaccount_transfer_history(self, uid: str, tran_id: str | None = None, start_time: int | None = None,
                                    end_time: int | None = None, page_id: int | None = None,
                                    paging_size: int | None = None, **extra: Any) -> sm.SubTransferHistory:
        """Asset transfers of one account of your group (master only)."""
        result: sm.SubTransferHistory = await self._call(S.SUB_TRANSFER_HISTORY, uid=uid, tranId=tran_id,
                                                   startTime=start_time, endTime=end_time, pageId=page_id,
                                                   pagingSize=paging_size, **extra)
        return result

    async def subaccount_transferable(self, from_uid: str, from_account_type: int, to_uid: str,
                                to_account_type: int) -> list[sm.TransferableCoin]:
        """What may move between two accounts of your group, per coin (master only)."""
        result: sm.TransferableCoins = await self._call(S.SUB_TRANSFER_COINS, fromUid=from_uid,
                                                  fromAccountType=from_account_type, toUid=to_uid,
                                                  toAccountType=to_account_type)
        return result.coin_list

    async def subaccount_transfer(self, asset: str, amount: Num, from_uid: str, from_type: int, from_account_type: int,
                            to_uid: str, to_type: int, to_account_type: int, remark: str) -> str:
        """Move `amount` of `asset` between the master (type 1) and sub-accounts (type 2), from and to their fund
        (1), standard futures (2) or perpetual (3) accounts (master only); returns the transfer id. An unknown
        outcome raises `UnknownOutcome` (no client id exists for it): check the history before sending again."""
        result: sm.TranId = await self._call(S.SUB_TRANSFER, assetName=asset, transferAmount=amount, fromUid=from_uid,
                                       fromType=from_type, fromAccountType=from_account_type, toUid=to_uid,
                                       toType=to_type, toAccountType=to_account_type, remark=remark)
        return result.tran_id

    async def create_subaccount_address(self, coin: str, sub_uid: str, network: str,
                                  wallet_type: int = 1) -> sm.CreatedAddress:
        """A deposit address for a sub-account on `network`."""
        result: sm.CreatedAddress = await self._call(S.CREATE_SUB_ADDRESS, coin=coin, subUid=sub_uid, network=network,
                                               walletType=wallet_type)
        return result
