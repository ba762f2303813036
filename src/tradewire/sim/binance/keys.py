"""API keys of the simulated Binance and their signatures: HMAC-SHA256 (hex, any case), RSA PKCS#1 v1.5
SHA-256 and Ed25519 (base64, case-sensitive), as binance-spot-api-docs/web-socket-api.md ("SIGNED request
security") and faqs/api_key_types.md describe them. Independent of the client's signing code."""

from __future__ import annotations

import base64
import binascii
import hmac

from tradewire.sim.users import SimUser

HMAC, RSA, ED25519 = "HMAC", "RSA", "ED25519"


def key_type(public_pem: bytes | None) -> str:
    """HMAC for a key without a public key, else RSA or ED25519 from the PEM."""
    if public_pem is None:
        return HMAC
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(public_pem)
    if isinstance(key, rsa.RSAPublicKey):
        return RSA
    if isinstance(key, ed25519.Ed25519PublicKey):
        return ED25519
    raise ValueError("only RSA and Ed25519 public keys are accepted")


def verify(user: SimUser, public_pem: bytes | None, payload: str, signature: str) -> bool:
    """Whether `signature` signs the UTF-8 bytes of `payload` with this key."""
    data = payload.encode()
    if public_pem is None:
        expected = hmac.digest(user.secret_key.encode(), data, "sha256").hex()
        return hmac.compare_digest(expected, signature.lower())  # HMAC signatures are not case-sensitive
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    key = load_pem_public_key(public_pem)
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(raw, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(raw, data)
        else:
            return False
    except InvalidSignature:
        return False
    return True
