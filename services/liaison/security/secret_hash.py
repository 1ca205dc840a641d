"""Random secrets the server hands out once (integration keys, members' calendar addresses,
evaluation codes): stored as SHA-256, never in the clear, and compared in constant time.

A slow hash adds nothing here: every secret is random with at least 50 bits, unlike a
password. ``matches`` compares even when no row was found, so a refusal costs the same
whether the id exists or not."""

import hashlib
import hmac

_NO_HASH = "0" * 64


def digest(secret: str) -> str:
    """What is stored: the SHA-256 of the secret, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(stored: str | None, secret: str) -> bool:
    """Whether ``secret`` is the one ``stored`` was made from (False when nothing is stored)."""
    same = hmac.compare_digest(stored or _NO_HASH, digest(secret))
    return stored is not None and same
