"""Password hashing (argon2id) and the password policy."""

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


# A hash to verify against when the username is unknown, so both paths take as long.
DUMMY_HASH = _hasher.hash("not-a-real-password-1A!")


def password_problems(password: str) -> list[str]:
    """Why a new password is refused (empty: it is acceptable). Messages are Chinese."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少需要 {MIN_LENGTH} 个字符")
    kinds = sum(1 for test in _KINDS if any(test(c) for c in password))
    if kinds < MIN_KINDS:
        problems.append("密码需包含大写字母、小写字母、数字、符号中的至少三种")
    return problems
