"""Simulated users: API credentials and identities, deterministic from the seed."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

_KEY_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class SimUser:
    """One account holder. ``uid`` is the short UID users see; ``user_id`` the long internal id."""

    uid: str
    user_id: str
    email: str
    calling_code: str
    phone: str
    api_key: str
    secret_key: str = field(repr=False)


def _key(rng: random.Random) -> str:
    return "".join(rng.choice(_KEY_ALPHABET) for _ in range(64))


def make_users(seed: int) -> list[SimUser]:
    """The demo user (fixed keys) followed by Bob, the counterparty for internal transfers."""
    people = (("demo@example.com", "13800000001"), ("bob@example.com", "13800000002"))
    users = []
    for index, (email, phone) in enumerate(people):
        rng = random.Random(f"{seed}:user:{index}")
        uid = str(rng.randrange(10_000_000, 100_000_000))
        user_id = str(rng.randrange(10**18, 2 * 10**18))
        api_key, secret = (DEMO_API_KEY, DEMO_SECRET_KEY) if index == 0 else (_key(rng), _key(rng))
        users.append(SimUser(uid, user_id, email, "86", phone, api_key, secret))
    return users
