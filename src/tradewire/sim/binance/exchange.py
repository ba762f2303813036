"""The simulated Binance: pairs and filters, users, ledger, engine, the house quoting a tape; wallet, margin,
futures.

Independent of the client: it implements the server side from binance.md. Money is Decimal and
is rendered with 8 decimals, as Binance does.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradewire.sim.binance import fapi_settle, keys, trailing
from tradewire.sim.binance.fapi_state import FuturesState
from tradewire.sim.binance.freplay import FuturesReplay
from tradewire.sim.binance.futures import WALLET, Futures
from tradewire.sim.binance.isolated import IsolatedMargin
from tradewire.sim.binance.margin import Margin
from tradewire.sim.binance.tape_market import TAPE_CONTRACTS, TapeMarket
from tradewire.sim.binance.wallet import HOUSE, Wallet
from tradewire.sim.clock import SimClock
from tradewire.sim.engine import FREE, Engine, Event, Pair, Trade
from tradewire.sim.events import EventHub
from tradewire.sim.ledger import Ledger
from tradewire.sim.replay import RecordedBooks
from tradewire.sim.replay_data import Recording
from tradewire.sim.users import SimUser, make_users

D = Decimal
MM_UID = "mm"
LISTEN_KEY_TTL_MS = 60 * 60 * 1000
PUBLISH = 1000  # tape trades published per symbol and catch-up, at most


def f8(value: Decimal) -> str:
    """A quantity or price as Binance renders it: 8 decimals."""
    return f"{value:.8f}"


@dataclass
class Spec:
    """A listed symbol: its pair and its exchangeInfo filters."""

    pair: Pair
    tick: Decimal
    filters: list[dict[str, Any]]


def _filters(tick: str, step: str, notional: str, percent: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"filterType": "PRICE_FILTER", "minPrice": tick, "maxPrice": "1000000.00000000", "tickSize": tick},
        {"filterType": "LOT_SIZE", "minQty": step, "maxQty": "9000.00000000", "stepSize": step},
        {"filterType": "ICEBERG_PARTS", "limit": 10},
        {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": "100.00000000", "stepSize": "0.00000000"},
        {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200},
        {"filterType": "MAX_NUM_ALGO_ORDERS", "maxNumAlgoOrders": 5},
        trailing.FILTER,
    ]
    if percent:
        out.append({"filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5", "bidMultiplierDown": "0.2",
                    "askMultiplierUp": "5", "askMultiplierDown": "0.2", "avgPriceMins": 5})
        out.append({"filterType": "NOTIONAL", "minNotional": notional, "applyMinToMarket": True,
                    "maxNotional": "9000000.00000000", "applyMaxToMarket": False, "avgPriceMins": 5})
    else:
        out.append({"filterType": "PERCENT_PRICE", "multiplierUp": "5", "multiplierDown": "0.2", "avgPriceMins": 5})
        out.append({"filterType": "MIN_NOTIONAL", "minNotional": notional, "applyToMarket": True, "avgPriceMins": 5})
    return out


SPECS = (
    Spec(Pair("BTCUSDT", "BTC", "USDT", TAPE_CONTRACTS["BTCUSDT"].step), TAPE_CONTRACTS["BTCUSDT"].tick,
         _filters("0.01000000", "0.00001000", "5.00000000", True)),
    Spec(Pair("ETHUSDT", "ETH", "USDT", TAPE_CONTRACTS["ETHUSDT"].step), TAPE_CONTRACTS["ETHUSDT"].tick,
         _filters("0.01000000", "0.00010000", "5.00000000", False)),
)
OPENING: tuple[tuple[int, str, Decimal], ...] = ((0, "USDT", D(10000)), (0, "BTC", D(1)), (0, "ETH", D(10)),
                                                 (1, "USDT", D(5000)), (1, "BTC", D("0.5")))
FUTURES_OPENING = D(1000)  # USDT in the demo user's futures wallet
#: paid to the demo user at the start, as part of the opening balance (the deposit is that much smaller)
DIVIDEND = ("BTC", D("0.001"), "BTC distribution")


@dataclass
class Listener:
    """A listen key of one user."""

    uid: str
    expires: int
    queues: list[Callable[[dict[str, Any]], None]] = field(default_factory=list)


class BinanceExchange:
    """Everything the Binance front-end serves, behind one lock."""

    def __init__(self, seed: int = 1, clock: SimClock | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock or SimClock()
        self.events = EventHub()
        self.ledger = Ledger(self.lock, self.events)
        self.specs = {s.pair.symbol: s for s in SPECS}
        self.engine = Engine(self.ledger, [s.pair for s in SPECS], self.clock.now_ms, self.lock, house=MM_UID)
        self.tapes = TapeMarket(seed, self.clock.now_ms(), self.engine)
        self._published: dict[str, int] = {}  # tape trades already published, per symbol
        self.users = make_users(seed)
        self.listen_keys: dict[str, Listener] = {}
        #: RSA and Ed25519 API keys: api key -> (uid, public key PEM); HMAC keys are the users' own
        self.public_keys: dict[str, tuple[str, bytes]] = {}
        #: symbol -> number of upcoming diff-depth events to drop (fault: a gap in U/u)
        self.depth_gaps: dict[str, int] = {}
        #: the recorded books of replayed symbols (`Simulator(replay=...)`): REST depth and the diff-depth stream
        #: serve them, the market maker leaves them alone
        self.replay: RecordedBooks | None = None
        #: the recorded USD-M perpetuals (`Simulator(replay=...)`): their book and marks are the recording's
        self.futures_replay: FuturesReplay | None = None
        self.engine.listeners.append(self._on_event)
        self.market_listeners: list[Callable[[Event], None]] = []
        self.wallet = Wallet(self.ledger, self.engine)
        self.margin = Margin(self.ledger, self.engine)
        self.isolated = IsolatedMargin(self.ledger, self.engine, {s.pair.symbol: (s.pair.base, s.pair.quote)
                                                                  for s in SPECS}, self.margin.tran_id)
        self.futures = Futures(self.ledger, self.engine, self.tapes.market)
        self.engine.listeners.append(self.futures.on_event)
        self.fstate = FuturesState(self.futures)
        for asset in ("BTC", "ETH", "USDT", "BNB"):
            self.ledger.seed(HOUSE, FREE, asset, D(10) ** 12)
        self.ledger.seed(HOUSE, WALLET, "USDT", D(10) ** 12)
        self.ledger.seed(self.users[0].uid, WALLET, "USDT", FUTURES_OPENING)
        now = self.clock.now_ms()
        for index, asset, amount in OPENING:
            paid = DIVIDEND[1] if (index, asset) == (0, DIVIDEND[0]) else D(0)
            self.wallet.deposit(self.users[index].uid, asset, amount - paid, now)
        self.wallet.pay_dividend(self.users[0].uid, *DIVIDEND, now)
        for spec in SPECS:
            self.ledger.seed(MM_UID, "spot", spec.pair.base, D(1_000_000))
        self.ledger.seed(MM_UID, "spot", "USDT", D(10) ** 12)
        self.catch_up(now)

    # --- users and keys ------------------------------------------------------------------------

    def user_by_key(self, api_key: str) -> SimUser | None:
        """The owner of an API key (HMAC or registered RSA / Ed25519)."""
        found = self.public_keys.get(api_key)
        if found is not None:
            return next((u for u in self.users if u.uid == found[0]), None)
        return next((u for u in self.users if u.api_key == api_key), None)

    def add_key(self, uid: str, api_key: str, public_key_pem: bytes) -> None:
        """Register an RSA or Ed25519 API key of `uid` (as a user does on the API management page)."""
        keys.key_type(public_key_pem)  # refuses anything else
        self.public_keys[api_key] = (uid, public_key_pem)

    def public_key(self, api_key: str) -> bytes | None:
        """The public key PEM of an RSA / Ed25519 API key; None for an HMAC key."""
        found = self.public_keys.get(api_key)
        return found[1] if found is not None else None

    def new_listen_key(self, uid: str) -> str:
        """The user's active key (extended) or a new one."""
        with self.lock:
            now = self.clock.base_ms()
            for key, lk in self.listen_keys.items():
                if lk.uid == uid and lk.expires > now:
                    lk.expires = now + LISTEN_KEY_TTL_MS
                    return key
            key = secrets.token_hex(32)
            self.listen_keys[key] = Listener(uid, now + LISTEN_KEY_TTL_MS)
            return key

    def listen_key(self, key: str, uid: str) -> Listener | None:
        """A live listen key of `uid`."""
        lk = self.listen_keys.get(key)
        return lk if lk is not None and lk.uid == uid and lk.expires > self.clock.base_ms() else None

    # --- the market ----------------------------------------------------------------------------

    def attach_replay(self, recording: Recording) -> None:
        """Serve the recording's Binance spot symbols: REST depth and the diff stream read the recorded books
        (`replay`), the tapes are the recorded trades and the house quotes the recorded book
        (`TapeMarket.replay`)."""
        with self.lock:
            self.replay = RecordedBooks(recording.binance, recording.start)
            self.tapes.replay(recording)
            for symbol in recording.binance:
                self._published[symbol] = self.tapes.tape(symbol).count(self.clock.now_ms())

    def catch_up(self, now: int) -> None:
        """Play the tapes up to `now` on the book, then publish their new prints as public trades (the streams
        and the futures see them; at most `PUBLISH` per symbol after a jump of the clock)."""
        with self.lock:
            self.tapes.catch_up(now)
            self.futures.catch_up(now)
            fapi_settle.catch_up(self, now)
            for symbol in TAPE_CONTRACTS:
                tape = self.tapes.tape(symbol)
                count = tape.count(now)
                done = self._published.get(symbol, count)
                self._published[symbol] = count
                c = tape.contract
                for i in range(max(done, count - PUBLISH), count):
                    trade = Trade(symbol, self.tapes.public_id(symbol, i), c.price(tape.price(i)), c.qty(tape.qty(i)),
                                  tape.buyer_maker(i),
                                  tape.time(i), 0, 0)
                    self._on_event(trade)
                    self.futures.on_event(trade)

    # --- events --------------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if (isinstance(event, Trade) and event.buyer_order and self.replay is not None
                and event.symbol in self.replay):
            return  # a user's fill on a replayed symbol: the public tape is the recording's (`TapeMarket.trades`)
        for listener in list(self.market_listeners):
            listener(event)
