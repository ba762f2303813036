"""A withdrawal checked against its coin's network config before anything is sent (used by the CLI and MCP).

The fee is part of the amount: `amount` leaves the account and `amount - withdrawFee` reaches the address
(the withdrawal history's `transactionFee` is part of its `amount`; bingx/wallet_models.py, sim/bingx/capital.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from tradewire.core.errors import BadRequest, ValidationError

if TYPE_CHECKING:
    from tradewire.bingx.client import BingX
    from tradewire.bingx.wallet_models import CoinNetwork

#: walletType of a withdrawal (spot-wallet api-reference): the account it is paid from
WALLETS = {"fund": 1, "standard": 2, "perpetual": 3}
#: an address is one token: the skills' agent rules refuse `&`, `=`, `?`, `#` and line breaks in any value
ADDRESS = re.compile(r"[^\s&=?#]{1,200}\Z")
COIN_NOT_EXIST = 100437
#: the parameter names of a caller: what the CLI or a tool calls each input
CLI_NAMES = {"coin": "COIN", "amount": "AMOUNT", "address": "ADDRESS", "network": "--network", "tag": "--tag",
             "account": "--account"}


@dataclass(frozen=True)
class Plan:
    """A withdrawal that passed every check: what leaves, the fee, and what arrives."""

    coin: str
    network: CoinNetwork
    amount: Decimal
    address: str
    tag: str | None
    wallet: str

    @property
    def fee(self) -> Decimal:
        """The network's fixed fee, taken out of `amount`."""
        return self.network.withdraw_fee

    @property
    def arrives(self) -> Decimal:
        """What reaches the address."""
        return self.amount - self.fee


def networks_of(client: BingX, coin: str, names: Mapping[str, str]) -> list[CoinNetwork]:
    """The coin's networks; a `ValidationError` naming the coin when BingX lists no such coin."""
    try:
        configs = client.coin_configs(coin)
    except BadRequest as e:
        if e.code != COIN_NOT_EXIST:
            raise
        configs = []
    found = [n for c in configs if c.coin == coin for n in c.network_list]
    if not found:
        raise ValidationError(names["coin"], "must be a coin BingX lists (see `coins`)", coin)
    return found


def choose_network(networks: list[CoinNetwork], network: str | None, coin: str,
                   names: Mapping[str, str]) -> CoinNetwork:
    """The named network, else the default one (the reference: "Uses the default network if omitted")."""
    listed = ", ".join(n.network for n in networks)
    if network is not None:
        for n in networks:
            if n.network.upper() == network.strip().upper():
                return n
        raise ValidationError(names["network"], f"must be one of {listed} for {coin}", network)
    defaults = [n for n in networks if n.is_default] or (networks if len(networks) == 1 else [])
    if not defaults:
        raise ValidationError(names["network"], f"is required: {coin} travels on {listed}")
    return defaults[0]


def plan(client: BingX, coin: str, amount: Decimal, address: str, network: str | None = None,
         tag: str | None = None, account: str = "fund", names: Mapping[str, str] = CLI_NAMES) -> Plan:
    """Check a withdrawal against the coin config (network open, minimum, maximum, fee, precision, memo)."""
    if account not in WALLETS:
        raise ValidationError(names["account"], f"must be one of {', '.join(WALLETS)}", account)
    where = address.strip()
    if not ADDRESS.match(where):
        raise ValidationError(names["address"], "must be one address: 1-200 characters, no spaces or & = ? #",
                              address)
    memo = tag.strip() if tag is not None else None
    if memo is not None and not ADDRESS.match(memo):
        raise ValidationError(names["tag"], "must be one memo: 1-200 characters, no spaces or & = ? #", tag)
    net = choose_network(networks_of(client, coin, names), network, coin, names)
    on = f"{coin} on {net.network}"
    if not net.withdraw_enable:
        raise ValidationError(names["network"], f"withdrawals of {on} are suspended; try another network",
                              net.network)
    if amount < net.withdraw_min:
        raise ValidationError(names["amount"], f"must be at least {net.withdraw_min:f} ({on} minimum)", amount)
    if amount > net.withdraw_max:
        raise ValidationError(names["amount"], f"must be at most {net.withdraw_max:f} ({on} maximum)", amount)
    if amount <= net.withdraw_fee:
        raise ValidationError(names["amount"], f"must exceed the {net.withdraw_fee:f} fee of {on} (the fee is "
                              "taken out of the amount)", amount)
    places = net.withdraw_precision
    if places is not None and amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(names["amount"], f"must have at most {places} decimals ({on})", amount)
    if net.need_tag_or_memo and not memo:
        raise ValidationError(names["tag"], f"is required: {on} needs a memo/tag for the destination")
    return Plan(coin, net, amount, where, memo, account)
