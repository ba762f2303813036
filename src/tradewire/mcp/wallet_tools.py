"""The wallet and sub-account tools (BingX): their descriptions, output schemas and tables; mcp/wallet.py does
the work. `register` adds them to the server `build_server` makes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BaseModel, Field

from tradewire.mcp import schemas as s
from tradewire.mcp import wallet
from tradewire.mcp.desk import Desk, Doc
from tradewire.mcp.server import PREPARE, READ, Server, Since, Until, respond
from tradewire.mcp.tables import RENDER, table

Coin = Annotated[str, Field(description="e.g. USDT")]
OptCoin = Annotated[str | None, Field(description="e.g. USDT; every coin when omitted")]
Limit = Annotated[int, Field(description="most rows, newest first (1-1000)")]
Amount = Annotated[str, Field(description="exact decimal string, e.g. \"25.5\"")]
Uid = Annotated[str, Field(description="main (your main account) or a sub-account's UID (digits)")]
SubAccount = Annotated[str, Field(description="fund, standard (standard futures) or perpetual (USDT-M perpetual)")]


class DepositRow(BaseModel):
    time: s.Ms
    time_utc: str
    coin: str
    amount: s.Dec
    network: str | None
    status: int
    status_text: str = Field(description="in progress, completed, wrong amount or chain confirmed")
    address: str | None
    tx_id: str | None


class Deposits(s.Result):
    coin: str
    rows: list[DepositRow]


class WithdrawalRow(BaseModel):
    time: s.Ms | None
    id: str
    client_id: str | None = Field(description="the withdraw order id it was sent with")
    coin: str
    amount: s.Dec = Field(description="what left the account, fee included")
    fee: s.Dec | None
    network: str | None
    address: str | None
    status: int
    status_text: str = Field(description="under review, failed or completed")
    tx_id: str | None


class Withdrawals(s.Result):
    coin: str
    rows: list[WithdrawalRow]


class AddressRow(BaseModel):
    network: str
    address: str
    tag: str | None


class DepositAddress(s.Result):
    coin: str
    addresses: list[AddressRow]


class NetworkRow(BaseModel):
    coin: str
    network: str
    name: str | None
    default: bool | None
    deposit_enabled: bool
    withdraw_enabled: bool
    withdraw_fee: s.Dec = Field(description="fixed fee, taken out of the withdrawn amount")
    withdraw_min: s.Dec
    withdraw_max: s.Dec
    deposit_min: s.Dec | None
    withdraw_decimals: int | None
    confirmations: int | None
    needs_memo: bool | None


class Coins(s.Result):
    networks: list[NetworkRow]


class SubRow(BaseModel):
    uid: str
    name: str
    note: str | None
    frozen: bool
    created: s.Ms | None


class SubAccounts(s.Result):
    total: int
    subaccounts: list[SubRow]


class SubValue(BaseModel):
    uid: str
    account: str
    usdt: s.Dec


class SubAsset(BaseModel):
    asset: str
    free: s.Dec
    locked: s.Dec


class SubBalances(s.Result):
    page: int
    total: int = Field(description="how many sub-accounts (10 a page)")
    values: list[SubValue]
    fund_assets: list[SubAsset] | None = Field(None, description="the sub-account's fund account (with sub_uid)")


class SubTransferRow(BaseModel):
    time: s.Ms
    time_utc: str
    tran_id: str
    direction: str | None
    asset: str
    amount: s.Dec
    status: str | None


class SubTransfers(s.Result):
    uid: str
    total: int
    rows: list[SubTransferRow]


def _rows(d: Doc, key: str, cols: tuple[tuple[str, str], ...], title: str, empty: str) -> str:
    return table(cols, d[key], title, empty)


RENDERS: dict[str, Callable[[Doc], str]] = {
    "deposits": lambda d: _rows(d, "rows", (("time", "Time (UTC)"), ("coin", "Coin"), ("amount", "Amount"),
                                            ("network", "Network"), ("status_text", "Status")),
                                "deposits", "no deposits"),
    "withdrawals": lambda d: _rows(d, "rows", (("time", "Time (UTC)"), ("coin", "Coin"), ("amount", "Amount"),
                                               ("fee", "Fee"), ("network", "Network"), ("address", "Address"),
                                               ("status_text", "Status"), ("client_id", "Withdraw order id")),
                                   "withdrawals", "no withdrawals"),
    "deposit_address": lambda d: _rows(d, "addresses", (("network", "Network"), ("address", "Address"),
                                                        ("tag", "Tag")), f"{d['coin']} deposit addresses",
                                       "no deposit address"),
    "coins": lambda d: _rows(d, "networks", (("coin", "Coin"), ("network", "Network"), ("withdraw_fee", "Fee"),
                                             ("withdraw_min", "Min"), ("withdraw_max", "Max"),
                                             ("withdraw_enabled", "Withdraw open"),
                                             ("deposit_enabled", "Deposit open")), "coin networks", "no coins"),
    "subaccounts": lambda d: _rows(d, "subaccounts", (("uid", "UID"), ("name", "Name"), ("note", "Note"),
                                                      ("frozen", "Frozen")), "sub-accounts", "no sub-accounts"),
    "subaccount_balances": lambda d: "\n\n".join(
        [table((("uid", "UID"), ("account", "Account"), ("usdt", "USDT value")), d["values"],
               "sub-accounts (USDT value)", "no sub-accounts")]
        + ([table((("asset", "Asset"), ("free", "Free"), ("locked", "Locked")), d["fund_assets"],
                  "fund account", "no assets")] if d.get("fund_assets") is not None else [])),
    "subaccount_transfer_history": lambda d: _rows(
        d, "rows", (("time", "Time (UTC)"), ("direction", "Direction"), ("asset", "Asset"), ("amount", "Amount"),
                    ("status", "Status"), ("tran_id", "Transfer id")), f"transfers of {d['uid']}", "no transfers"),
    "prepare_withdraw": RENDER["prepare_transfer"],  # a preview and its next step, as every prepare tool
    "prepare_subaccount_transfer": RENDER["prepare_transfer"],
}


def register(server: Server, desk: Desk) -> None:
    """Add the wallet and sub-account tools (and their tables) to `server`."""
    RENDER.update(RENDERS)

    def tool(annotations: ToolAnnotations) -> Callable[[Callable[..., CallToolResult]], None]:
        def add(fn: Callable[..., CallToolResult]) -> None:
            server.add_tool(fn, annotations=annotations)
        return add

    @tool(READ)
    def deposits(coin: OptCoin = None, start_time: Since = None, end_time: Until = None, limit: Limit = 100
                 ) -> Annotated[CallToolResult, Deposits]:
        """Deposits into your BingX account from outside, newest first: coin, amount, network, status, tx id."""
        return respond(desk, "deposits", lambda: wallet.deposits(desk, coin, start_time, end_time, limit))

    @tool(READ)
    def withdrawals(coin: OptCoin = None, client_id: Annotated[str | None, Field(
                        description="the withdraw order id a prepare_withdraw preview showed")] = None,
                    start_time: Since = None, end_time: Until = None, limit: Limit = 100
                    ) -> Annotated[CallToolResult, Withdrawals]:
        """Withdrawals from your BingX account, newest first: amount (fee included), fee, network, address,
        status (under review, failed, completed), tx id. Use client_id to check a withdrawal's outcome."""
        return respond(desk, "withdrawals", lambda: wallet.withdrawals(desk, coin, client_id, start_time, end_time,
                                                                       limit))

    @tool(READ)
    def deposit_address(coin: Coin, network: Annotated[str | None, Field(
                            description="e.g. TRC20; every network when omitted")] = None
                        ) -> Annotated[CallToolResult, DepositAddress]:
        """Your BingX deposit address of a coin, per network (main accounts only)."""
        return respond(desk, "deposit_address", lambda: wallet.deposit_address(desk, coin, network))

    @tool(READ)
    def coins(coin: OptCoin = None) -> Annotated[CallToolResult, Coins]:
        """Coin networks for deposits and withdrawals: open or not, withdrawal fee, minimum, maximum, decimals,
        confirmations, whether a memo is needed (BingX)."""
        return respond(desk, "coins", lambda: wallet.coins(desk, coin))

    @tool(READ)
    def subaccounts() -> Annotated[CallToolResult, SubAccounts]:
        """Your BingX sub-accounts: UID, name, note, frozen (main account only)."""
        return respond(desk, "subaccounts", lambda: wallet.subaccounts(desk))

    @tool(READ)
    def subaccount_balances(sub_uid: Annotated[str | None, Field(
                                description="one sub-account's UID (adds its fund-account assets)")] = None,
                            page: Annotated[int, Field(description="10 sub-accounts a page")] = 1,
                            ) -> Annotated[CallToolResult, SubBalances]:
        """USDT value of every account type of your sub-accounts; with sub_uid also its fund-account assets."""
        return respond(desk, "subaccount_balances", lambda: wallet.subaccount_balances(desk, sub_uid, page))

    @tool(READ)
    def subaccount_transfer_history(uid: Uid, start_time: Since = None, end_time: Until = None
                                    ) -> Annotated[CallToolResult, SubTransfers]:
        """Transfers between your main account and sub-accounts that touched one of them, newest first."""
        return respond(desk, "subaccount_transfer_history",
                       lambda: wallet.subaccount_transfer_history(desk, uid, start_time, end_time))

    @tool(PREPARE)
    def prepare_withdraw(coin: Coin, amount: Annotated[str, Field(
                             description="what leaves the account, fee included; exact decimal string")],
                         address: Annotated[str, Field(description="the destination address")],
                         network: Annotated[str | None, Field(
                             description="e.g. TRC20; the coin's default network when omitted")] = None,
                         tag: Annotated[str | None, Field(description="memo/tag, where the network needs one")] = None,
                         from_account: Annotated[str, Field(
                             description="the account that pays: fund (default), standard or perpetual")] = "fund",
                         ) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of withdrawing to an outside address (irreversible): checks the network, minimum, maximum, fee
        and decimals, sends nothing, returns the preview (fee and what arrives) and a one-time token for
        execute."""
        return respond(desk, "prepare_withdraw", lambda: wallet.prepare_withdraw(
            desk, coin, amount, address, network, tag, from_account))

    @tool(PREPARE)
    def prepare_subaccount_transfer(
        asset: Coin, amount: Amount, from_uid: Uid, to_uid: Uid,
        from_account: SubAccount = "fund", to_account: SubAccount = "fund",
        remark: Annotated[str, Field(description="a note kept with the transfer")] = "tradewire",
    ) -> Annotated[CallToolResult, s.Prepared]:
        """Step 1 of moving an asset between your main account and your sub-accounts (or two sub-accounts):
        validates, sends nothing, returns the preview and a one-time token for execute."""
        return respond(desk, "prepare_subaccount_transfer", lambda: wallet.prepare_subaccount_transfer(
            desk, asset, amount, from_uid, to_uid, from_account, to_account, remark))
