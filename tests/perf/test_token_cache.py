"""A token decoded once is kept with its expiry (accounts/tokens.py): its expiry is still
checked at every use, a tampered copy or another secret is decoded afresh and refused, and a
revoked account's kept token is refused by the principal's lookup."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from liaison.accounts import tokens
from liaison.models import Account
from liaison.models.account import Role
from tests.builders import gql

SECRET = "s" * 32


def issued(ttl: int = 60) -> str:
    claims = tokens.TokenClaims(uuid.uuid4(), uuid.uuid4(), 3)
    return tokens.issue(claims, SECRET, ttl)[0]


def test_a_kept_token_still_expires(monkeypatch):
    token = issued(ttl=60)
    claims = tokens.decode(token, SECRET)
    assert (token, SECRET) in tokens._kept and claims.version == 3
    later = datetime.now(UTC) + timedelta(seconds=61)
    monkeypatch.setattr(tokens.time, "time", later.timestamp)
    with pytest.raises(tokens.TokenError) as refused:
        tokens.decode(token, SECRET)
    assert refused.value.code == "TOKEN_EXPIRED"


def test_a_tampered_copy_or_another_secret_is_not_taken_from_the_kept_ones():
    token = issued()
    tokens.decode(token, SECRET)
    head, payload, signature = token.split(".")
    for other, secret in ((f"{head}.{payload}.{signature[:-2]}AA", SECRET),
                          (token, "t" * 32)):
        with pytest.raises(tokens.TokenError) as refused:
            tokens.decode(other, secret)
        assert refused.value.code == "TOKEN_INVALID"
        assert (other, secret) not in tokens._kept


def test_the_kept_tokens_are_bounded(monkeypatch):
    monkeypatch.setattr(tokens, "MAX_KEPT", 3)
    monkeypatch.setattr(tokens, "_kept", {})
    for _ in range(7):
        tokens.decode(issued(), SECRET)
    assert len(tokens._kept) <= 3


async def test_a_kept_token_of_a_revoked_account_is_refused(client, owner, world):
    office = world.account(world.county_a, Role.office)
    token = world.token(world.county_a, Role.office)
    me = "{ me { account { username } } }"
    assert "errors" not in await gql(client, me, token=token)
    await owner.execute(update(Account).where(Account.id == office.id)
                        .values(token_version=Account.token_version + 1))
    await owner.commit()
    body = await gql(client, me, token=token)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"
