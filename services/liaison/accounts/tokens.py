"""JWT access tokens: HS256, 30 minutes, carrying the account and its tenant.

A token that decoded once is kept (by its exact text and the secret) with its expiry, so the
signature is not checked again on every request; its expiry is, each time. Whether the
account may still use it (revoked, locked, deactivated) is decided per request by the
principal's lookup, as ever. Refused tokens are never kept."""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = "HS256"
ISSUER = "liaison"


@dataclass(frozen=True)
class TokenClaims:
    account_id: uuid.UUID
    tenant_id: uuid.UUID
    version: int = 0  # the account's token_version when issued; a raised version revokes


class TokenError(Exception):
    """The token is missing, malformed, tampered with or expired."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def issue(claims: TokenClaims, secret: str, ttl_seconds: int,
          now: datetime | None = None) -> tuple[str, datetime]:
    issued = now or datetime.now(UTC)
    expires = issued + timedelta(seconds=ttl_seconds)
    payload = {
        "sub": str(claims.account_id),
        "tid": str(claims.tenant_id),
        "ver": claims.version,
        "iss": ISSUER,
        "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), expires


MAX_KEPT = 4096
_kept: dict[tuple[str, str], tuple[TokenClaims, float]] = {}


def decode(token: str, secret: str) -> TokenClaims:
    kept = _kept.get((token, secret))
    if kept is None:
        kept = _decode(token, secret)
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[token, secret] = kept
    claims, expires = kept
    if expires <= time.time():  # as PyJWT decides it, with no leeway
        raise TokenError("TOKEN_EXPIRED", "登录已过期，请重新登录")
    return claims


def _decode(token: str, secret: str) -> tuple[TokenClaims, float]:
    try:
        payload = jwt.decode(
            token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
            options={"require": ["sub", "tid", "exp", "iat", "ver"]},
        )
        version = payload["ver"]
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError("ver")
        return (TokenClaims(uuid.UUID(str(payload["sub"])), uuid.UUID(str(payload["tid"])),
                            version), float(payload["exp"]))
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("TOKEN_EXPIRED", "登录已过期，请重新登录") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TokenError("TOKEN_INVALID", "登录凭证无效，请重新登录") from exc


def expiry(token: str, secret: str) -> float | None:
    """When a valid token expires (a POSIX timestamp); None for a token that is not valid."""
    try:
        payload = jwt.decode(token.strip(), secret, algorithms=[ALGORITHM], issuer=ISSUER,
                             options={"require": ["exp"]})
    except (jwt.InvalidTokenError, ValueError, TypeError, AttributeError):
        return None
    exp = payload["exp"]
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None
