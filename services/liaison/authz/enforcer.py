"""The Casbin enforcer: loaded once per process from the model and policy shipped here.

Decisions depend only on (role, relation, object, action) — a few hundred combinations — so
they are memoised; ``reload()`` clears the memo.
"""

import enum
import logging
from functools import cache, lru_cache
from pathlib import Path

import casbin

HERE = Path(__file__).parent


class Relation(enum.StrEnum):
    own = "own"
    descendant = "descendant"
    none = "none"


def relation(home_path: str, target_path: str) -> Relation:
    """How the target tenant relates to the tenant a role is held in."""
    if target_path == home_path:
        return Relation.own
    if target_path.startswith(home_path + "/"):
        return Relation.descendant
    return Relation.none


@cache
def enforcer() -> casbin.Enforcer:
    # Casbin logs its model and every decision at INFO/WARNING; denials are normal here.
    for name in ("casbin", "casbin.enforcer", "casbin.policy", "casbin.role"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return casbin.Enforcer(str(HERE / "model.conf"), str(HERE / "policy.csv"))


@lru_cache(maxsize=4096)
def allowed(role: str, rel: Relation, obj: str, act: str) -> bool:
    if rel == Relation.none:
        return False
    return bool(enforcer().enforce(role, str(rel), obj, act))


def reload() -> None:
    enforcer().load_policy()
    allowed.cache_clear()
