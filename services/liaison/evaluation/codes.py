"""One-time evaluation codes (评议码): what they look like, how they are made and stored.

A code is 10 characters from a 32-letter alphabet without 0, 1, I or O (nothing that reads as
something else), printed in two groups of five: ``7KQ2M-XH4PD``. That is exactly 50 random
bits (``secrets``). Only the SHA-256 of the 10 characters is stored
(``evaluation_code.code_hash``, unique per tenant): the code is random, so a slow hash adds
nothing, and the plain code exists only in the answer to opening or reissuing (the slips).
What a person types is read leniently: case, spaces, dashes and full-width forms (a Chinese
input method) do not matter.
"""

import re
import secrets
import unicodedata

from liaison.security import secret_hash

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
BITS = 50  # LENGTH × log2(len(ALPHABET))
MAX_INPUT = 40  # what a person may type (spaces, dashes); anything longer is not a code
_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
_IGNORED = re.compile(r"[\s\-_.·—–]+")


def new_code() -> str:
    """A fresh code, formatted for print: ``XXXXX-XXXXX``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return formatted(raw)


def formatted(raw: str) -> str:
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def normalise(typed: str | None) -> str | None:
    """The 10 characters of a code as typed, or None when it cannot be one."""
    if not typed or len(typed) > MAX_INPUT:
        return None
    raw = _IGNORED.sub("", unicodedata.normalize("NFKC", typed)).upper()
    return raw if _CODE.fullmatch(raw) else None


def digest(raw: str) -> str:
    """What is stored: the SHA-256 (hex) of the 10 characters."""
    return secret_hash.digest(raw)


def digest_of(typed: str | None) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    raw = normalise(typed)
    return digest(raw) if raw else None
