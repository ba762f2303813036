"""The root's commands, loaded on first use: a static table of names and one-line help (`tradewire --help` reads
only this; tests/cli/test_startup.py checks it against the real commands), and the module behind each name."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from functools import cache
from importlib import import_module

import typer
from typer._click import Command
from typer.main import get_group

from tradewire.cli.coercion import defer_coercion

Register = Callable[[typer.Typer], None]

# name: (loader, first paragraph of the command's help), in the order `tradewire --help` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "balance": ("account", "Balances: spot, fund and perpetual-futures accounts (all by default; Binance: spot and "
                           "USD-M futures)."),
    "positions": ("account", "Open perpetual positions with PnL and liquidation price (BingX swap, Binance USD-M "
                             "futures); with --history, BingX position history."),
    "fees": ("account", "Your perpetual taker and maker commission rates, as percentages (Binance: USD-M futures, "
                        "per symbol)."),
    "price": ("market", "Last price of one market, or of all."),
    "ticker": ("market", "24 h ticker of one market, or of all; on a terminal, the last 24 hours as sparklines."),
    "book": ("market", "Order book (bids and asks, best first); a depth chart with spread, mid and cumulative size "
                       "on a terminal."),
    "trades": ("market", "Recent public trades."),
    "klines": ("market", "Candles (OHLCV); the 100 most recent unless told otherwise; candles with volume on a "
                         "terminal."),
    "funding": ("market", "Mark price and funding rate now (or the funding history of one symbol)."),
    "contracts": ("market", "Perpetual contracts: precisions, minimums, leverage and fees."),
    "time": ("market", "The exchange's clock and how far this machine's clock is from it."),
    "demo": ("demo", "A trader's first minute on the simulator: book, order, position, live trades, chart, balances "
                     "(no keys, no internet)."),
    "sim": ("simulate", "Serve a persistent simulator (BingX and Binance, REST and websockets) until Ctrl-C; "
                        "`--env sim` commands use it while it runs."),
    "mcp": ("mcp_command", "Serve balances, market data, transfers and orders to an AI assistant over MCP (stdio "
                           "or local HTTP)."),
    "deposits": ("wallet", "Deposit history, newest first (every page)."),
    "withdrawals": ("wallet", "Withdrawal history, newest first (every page)."),
    "deposit-address": ("wallet", "Your deposit address of a coin, per network (main accounts only)."),
    "coins": ("wallet", "Coin networks: deposit and withdrawal open, withdrawal fee, minimum and maximum, "
                        "confirmations."),
    "withdraw": ("wallet", "Withdraw to an outside address: checked against the coin's network (minimum, fee, "
                           "precision) first."),
    "fills": ("order", "Your fills of a symbol, newest first, with the average price of each side and the fees "
                       "paid."),
    "leverage": ("risk", "A perpetual symbol's leverage, or set it."),
    "margin-mode": ("risk", "A perpetual symbol's margin mode (isolated or cross), or set it."),
    "position-mode": ("risk", "Hedge (long and short at once) or one-way perpetual positions, or set it (no open "
                              "positions or orders)."),
    "close": ("risk", "Close one symbol's positions, or all, at market (perpetual)."),
    "portfolio": ("portfolio", "Every account on both venues in one table, valued in USDT at the last price, with "
                               "unrealized PnL and totals; a venue without credentials (or unreachable) is skipped "
                               "with a notice."),
    "watch": ("watch", "A live watch list across venues: last price, 24 h change and a sparkline per symbol and "
                       "venue."),
    "income": ("income", "Fund flow: PnL, funding fees, trading fees, transfers... (BingX perpetuals; Binance USD-M "
                         "futures)"),
    "transfer": ("transfer", "Move assets between your accounts (BingX: fund, perpetual futures, standard contract; "
                             "Binance: spot and USD-M futures)."),
    "order": ("order", "Place, cancel and list orders: market, limit, stop-loss, take-profit and trailing (spot and "
                       "perpetual on BingX; spot and USD-M futures on Binance), TP/SL attached to a perpetual order, "
                       "with their history."),
    "stream": ("stream", "Live market and account data (Ctrl-C to stop)."),
    "download": ("download", "Long histories to CSV, JSON or Parquet files."),
    "coinm": ("coinm", "BingX coin-M (inverse) perpetuals: symbols like BTC-USD, sizes in contracts."),
    "config": ("configure", "The config file: where it is, and writing it."),
    "subaccounts": ("subaccounts", "Your BingX sub-accounts: list, balances, transfers (main account only)."),
    "record": ("record", "Record trades, books, tickers and mark prices into a Parquet dataset (Ctrl-C closes "
                         "files cleanly)."),
    "query": ("record", "Run SQL (DuckDB) over a recorded dataset; views trades/depth/ticker/mark/events."),
    "book-at": ("record", "Rebuild the recorded book at an instant (latest snapshot before it plus the updates up "
                          "to it)."),
}


def _order(app: typer.Typer) -> None:
    """`order` (with `order history`) and `fills`, which history.py adds to order.py's group."""
    from tradewire.cli import history, order

    order.register(app)
    history.register(app, order.order_app)


def _register(loader: str) -> Register:
    if loader == "order":
        return _order
    register: Register = import_module(f"tradewire.cli.{loader}").register
    return register


@cache
def load(loader: str) -> dict[str, Command]:
    """The click commands one loader's module registers (built once per process: registering mutates the module's
    own typer groups)."""
    app = typer.Typer(rich_markup_mode=None)
    _register(loader)(app)
    return {name: defer_coercion(command) for name, command in get_group(app).commands.items()}


class LazyCommands(MutableMapping[str, Command]):
    """The root group's `commands`: the table's names, each command built when first looked up."""

    def __init__(self) -> None:
        self._added: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name in self._added:
            return self._added[name]
        if name not in COMMANDS:
            raise KeyError(name)
        return load(COMMANDS[name][0])[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._added[name] = command

    def __delitem__(self, name: str) -> None:
        del self._added[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._added if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._added)
