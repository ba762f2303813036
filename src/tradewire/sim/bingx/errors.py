"""Business error codes the simulator returns, and the exception that carries one to the client."""

from __future__ import annotations

SIGNATURE_MISMATCH = 100001
INSUFFICIENT_BALANCE = 100202  # account/wallet family: "Insufficient assets"
PARAM_ERROR = 100400  # account/wallet/spot family; also "this api is not exist"
PATH_METHOD_ERROR = 100404  # known path, wrong method
RATE_LIMITED = 100410
NULL_SIGNATURE = 100412
BAD_API_KEY = 100413
TIMESTAMP_ERROR = 100421
COIN_NOT_EXIST = 100437
INTERNAL_ERROR = 100500
SWAP_PARAM_ERROR = 109400  # swap family parameter error
SYMBOL_NOT_EXIST = 109425

MESSAGES: dict[int, str] = {
    SIGNATURE_MISMATCH: "Signature verification failed due to signature mismatch",
    INSUFFICIENT_BALANCE: "Insufficient assets",
    RATE_LIMITED: "rate limitation",
    NULL_SIGNATURE: "Null signature",
    BAD_API_KEY: "Incorrect apiKey",
    TIMESTAMP_ERROR: "Null timestamp or timestamp mismatch",
    INTERNAL_ERROR: "Internal system error",
}


class ApiError(Exception):
    """A refusal: HTTP ``status`` (200 for business errors) with body ``{code, msg, timestamp}``."""

    def __init__(self, code: int, msg: str | None = None, status: int = 200) -> None:
        super().__init__(code, msg)
        self.code = code
        self.msg = msg if msg is not None else MESSAGES.get(code, "")
        self.status = status
