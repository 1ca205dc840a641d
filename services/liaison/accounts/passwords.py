"""Password hashing (argon2id) and the password policy."""

import asyncio
import os
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

MIN_LENGTH = 8
MIN_KINDS = 3
_KINDS = (
    str.islower,
    str.isupper,
    str.isdigit,
    lambda c: c in string.punctuation or (not c.isalnum() and not c.isspace()),
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Argon2 takes tens of milliseconds of CPU and 64 MiB: it runs in worker threads (the library
# releases the GIL), at most HASH_SLOTS at a time, so the event loop keeps answering while a
# flood of logins queues. Past MAX_WAITING queued verifications a login is refused as busy.
HASH_SLOTS = max(1, (os.cpu_count() or 2) - 1)  # leave a core to the event loop
MAX_WAITING = 64
MAX_LENGTH = 128
_slots: asyncio.Semaphore | None = None
_waiting = 0


class HashingBusy(Exception):
    """Too many password checks are queued in this process."""


def _semaphore() -> asyncio.Semaphore:
    global _slots
    if _slots is None:
        _slots = asyncio.Semaphore(HASH_SLOTS)
    return _slots


async def _off_loop(function, *args):
    global _waiting
    if _waiting >= MAX_WAITING:
        raise HashingBusy
    _waiting += 1
    try:
        async with _semaphore():
            return await asyncio.to_thread(function, *args)
    finally:
        _waiting -= 1


async def verify_password_async(password_hash: str, password: str) -> bool:
    return await _off_loop(verify_password, password_hash, password)


async def hash_password_async(password: str) -> str:
    return await _off_loop(hash_password, password)


# A hash to verify against when the username is unknown, so both paths take as long.
DUMMY_HASH = _hasher.hash("not-a-real-password-1A!")


def password_problems(password: str) -> list[str]:
    """Why a new password is refused (empty: it is acceptable). Messages are Chinese."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少需要 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        problems.append(f"密码不超过 {MAX_LENGTH} 个字符")
    kinds = sum(1 for test in _KINDS if any(test(c) for c in password))
    if kinds < MIN_KINDS:
        problems.append("密码需包含大写字母、小写字母、数字、符号中的至少三种")
    return problems
