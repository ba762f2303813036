"""Wallet facts both front-ends present: deposit and withdrawal states, sub-account wallet types, record times."""

from __future__ import annotations

import re
from calendar import timegm
from datetime import datetime

PAGE = 1000


#: deposit status (0 in progress, 1 completed, 2 wrong amount, 6 chain confirmed): 1 as the sub-account
#: api-reference and live answers read it (spot-wallet's table says "not credited"; bingx/wallet_models.py)
DEPOSIT_STATUS = {0: "in progress", 1: "completed", 2: "wrong amount", 6: "chain confirmed"}


WITHDRAW_STATUS = {4: "under review", 5: "failed", 6: "completed"}


def apply_ms(text: str | None) -> int | None:
    """`applyTime` (`2019-10-12 11:12:02`, UTC as the live server writes it) as Unix ms."""
    if not text:
        return None
    try:
        return timegm(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").timetuple()) * 1000
    except ValueError:
        return None


#: the account types of a sub-account transfer (sub-account api-reference: 1 fund, 2 standard futures, 3 perpetual)
ACCOUNTS = {"fund": 1, "standard": 2, "perpetual": 3}


UID = re.compile(r"[0-9]{1,20}\Z", re.ASCII)
