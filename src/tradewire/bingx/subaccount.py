"""BingX sub-accounts (skills sub-account api-reference): the declarations.

The endpoints the reference marks "JSON body" (create, updateStatus, apiKey create/edit/del, createSubAddress)
send a JSON object holding timestamp and signature (`Endpoint.body`); ids, flags and lists travel there as
JSON literals (`Param.literal`). Sub-account transfers move money: `write=True`, and since the venue takes no
client id for them, an unknown outcome is an `UnknownOutcome` carrying what was sent.
"""

from __future__ import annotations

from typing import Any

from tradewire.bingx import subaccount_models as s
from tradewire.bingx.endpoints import ACCOUNT_TYPES, END, START
from tradewire.bingx.wallet import COIN, NETWORK
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.errors import ValidationError
from tradewire.core.validate import any_value, boolean, integer, json_value, one_of, positive, text

UID_RULE = text(r"[0-9]+", max_len=20, rule="a UID: digits only")
SUB_UID = Param("subUid", UID_RULE, required=True)
SUB_UID_JSON = Param("subUid", UID_RULE, required=True, literal=True)
#: API-key permissions: 1 spot, 2 read, 3 perpetual futures, 4 universal transfer, 5 withdraw, 7 internal transfer
PERMISSIONS = (1, 2, 3, 4, 5, 7)
#: 1 fund, 2 standard futures, 3 perpetual futures
ACCOUNT_KINDS = (1, 2, 3)
#: subAccountString: "starts with letter, contains number, >6 chars"
SUB_NAME = text(r"[A-Za-z](?=.*[0-9])[A-Za-z0-9]{6,}", max_len=64,
                rule="starts with a letter, holds a digit, letters and digits only, more than 6 characters")


def permissions(name: str, value: Any) -> str:
    """A non-empty list of permission codes, sent as a JSON array."""
    if not isinstance(value, (list, tuple)) or not value or any(v not in PERMISSIONS or isinstance(v, bool)
                                                                   for v in value):
        raise ValidationError(name, f"must be a list of permission codes from {PERMISSIONS}", value)
    return json_value(name, list(value))


def signed(name: str, method: str, path: str, result: Any, *params: Param, per_second: int,
           write: bool = False, json_body: bool = False) -> Endpoint:
    """A signed sub-account endpoint."""
    return Endpoint(name, method, path, "signed", params, (), result, limits=(f"uid:{per_second}/1", "group:account"),
                    write=write, body="json" if json_body else "form")


API_PERMISSIONS = signed("account.apiPermissions", "GET", "/openApi/v1/account/apiPermissions", s.ApiPermissions,
                         per_second=2)
API_RESTRICTIONS = signed("account.apiRestrictions", "GET", "/openApi/v1/account/apiRestrictions",
                          s.ApiPermissions, per_second=5)
API_KEY_QUERY = signed("account.apiKey.query", "GET", "/openApi/account/v1/apiKey/query", s.ApiKeys,
                       Param("uid", UID_RULE, required=True), Param("apiKey", any_value), per_second=5)
SUB_CREATE = signed("subAccount.create", "POST", "/openApi/subAccount/v1/create", s.SubAccountCreated,
                    Param("subAccountString", SUB_NAME, required=True), Param("note", text(max_len=200)),
                    per_second=1, json_body=True)
SUB_LIST = signed("subAccount.list", "GET", "/openApi/subAccount/v1/list", s.SubAccounts, Param("subUid", UID_RULE),
                  Param("subAccountString", any_value), Param("isFeeze", boolean),
                  Param("page", integer(1), required=True), Param("limit", integer(1, 1000), required=True),
                  per_second=1)
SUB_ASSETS = signed("subAccount.assets", "GET", "/openApi/subAccount/v1/assets", s.SubAssets, SUB_UID, per_second=5)
SUB_STATUS = signed("subAccount.updateStatus", "POST", "/openApi/subAccount/v1/updateStatus", s.SubStatus,
                    SUB_UID_JSON, Param("freeze", boolean, required=True, literal=True), per_second=1,
                    json_body=True)
SUB_BALANCES = signed("subAccount.allAccountBalance", "GET", "/openApi/subAccount/v1/allAccountBalance",
                      s.SubBalances, Param("pageIndex", integer(1), required=True),
                      Param("pageSize", integer(1, 10), required=True), Param("subUid", UID_RULE),
                      Param("accountType", one_of(*ACCOUNT_TYPES)), per_second=5)
IPS = Param("ipAddresses", json_value, literal=True)
API_KEY_CREATE = signed("subAccount.apiKey.create", "POST", "/openApi/subAccount/v1/apiKey/create", s.NewApiKey,
                        SUB_UID_JSON, Param("note", text(max_len=200), required=True),
                        Param("permissions", permissions, required=True, literal=True), IPS, per_second=5,
                        json_body=True)
API_KEY_EDIT = signed("subAccount.apiKey.edit", "POST", "/openApi/subAccount/v1/apiKey/edit", s.ApiKeyInfo,
                      SUB_UID_JSON, Param("apiKey", any_value, required=True),
                      Param("note", text(max_len=200), required=True),
                      Param("permissions", permissions, required=True, literal=True), IPS, per_second=5,
                      json_body=True)
API_KEY_DELETE = signed("subAccount.apiKey.del", "POST", "/openApi/subAccount/v1/apiKey/del", Any, SUB_UID_JSON,
                        Param("apiKey", any_value, required=True), per_second=5, json_body=True)
AUTHORIZE_INNER = signed("account.innerTransfer.authorizeSubAccount", "POST",
                         "/openApi/account/v1/innerTransfer/authorizeSubAccount", s.AuthorizeResult,
                         Param("subUids", text(r"[0-9]+(,[0-9]+)*", rule="UIDs separated by commas"), required=True),
                         Param("transferable", boolean, required=True), per_second=5)
SUB_INNER_TRANSFER = signed("wallets.subAccountInnerTransfer.apply", "POST",
                            "/openApi/wallets/v1/capital/subAccountInnerTransfer/apply", s.TranId,
                            Param("coin", COIN, required=True),
                            Param("userAccountType", one_of(1, 2, 3), required=True),
                            Param("userAccount", text(max_len=100), required=True),
                            Param("amount", positive, required=True),
                            Param("walletType", one_of(*ACCOUNT_KINDS), required=True),
                            Param("callingCode", text(r"[0-9]+", max_len=6, rule="digits only")), per_second=5,
                            write=True)
SUB_DEPOSIT_ADDRESS = signed("wallets.subAccount.depositAddress", "GET",
                             "/openApi/wallets/v1/capital/subAccount/deposit/address", s.SubAddresses,
                             Param("coin", COIN, required=True), SUB_UID, Param("offset", integer(0)),
                             Param("limit", integer(1, 1000)), per_second=5)
SUB_DEPOSITS = signed("wallets.deposit.subHisrec", "GET", "/openApi/wallets/v1/capital/deposit/subHisrec",
                      s.SubDeposits, Param("coin", COIN), Param("subUid", UID_RULE), Param("txId", any_value),
                      Param("status", one_of(0, 1, 6)), START, END, Param("offset", integer(0)),
                      Param("limit", integer(1, 1000)), per_second=5)
SUB_INNER_RECORDS = signed("wallets.subAccount.innerTransferRecords", "GET",
                           "/openApi/wallets/v1/capital/subAccount/innerTransfer/records", s.SubInnerRecords,
                           Param("coin", COIN, required=True), Param("transferClientId", any_value), START, END,
                           Param("offset", integer(0)), Param("limit", integer(1, 1000)), per_second=5)
SUB_TRANSFER_HISTORY = signed("account.subAccount.transferHistory", "GET",
                              "/openApi/account/transfer/v1/subAccount/asset/transferHistory", s.SubTransferHistory,
                              Param("uid", UID_RULE, required=True), Param("type", any_value),
                              Param("tranId", any_value), START, END, Param("pageId", integer(1)),
                              Param("pagingSize", integer(1, 100)), per_second=5)
ROUTE = (Param("fromUid", UID_RULE, required=True), Param("fromAccountType", one_of(*ACCOUNT_KINDS), required=True),
         Param("toUid", UID_RULE, required=True), Param("toAccountType", one_of(*ACCOUNT_KINDS), required=True))
SUB_TRANSFER_COINS = signed("account.subAccount.transferAsset.supportCoins", "POST",
                            "/openApi/account/transfer/v1/subAccount/transferAsset/supportCoins",
                            s.TransferableCoins, *ROUTE, per_second=5)
SUB_TRANSFER = signed("account.subAccount.transferAsset", "POST",
                      "/openApi/account/transfer/v1/subAccount/transferAsset", s.TranId,
                      Param("assetName", COIN, required=True), Param("transferAmount", positive, required=True),
                      Param("fromUid", UID_RULE, required=True), Param("fromType", one_of(1, 2), required=True),
                      Param("fromAccountType", one_of(*ACCOUNT_KINDS), required=True),
                      Param("toUid", UID_RULE, required=True), Param("toType", one_of(1, 2), required=True),
                      Param("toAccountType", one_of(*ACCOUNT_KINDS), required=True),
                      Param("remark", text(max_len=200), required=True), per_second=5, write=True)
CREATE_SUB_ADDRESS = signed("wallets.deposit.createSubAddress", "POST",
                            "/openApi/wallets/v1/capital/deposit/createSubAddress", s.CreatedAddress,
                            Param("coin", COIN, required=True), SUB_UID_JSON, Param("network", NETWORK, required=True),
                            Param("walletType", one_of(1, 2, 3, 15), required=True, literal=True), per_second=5,
                            json_body=True)
