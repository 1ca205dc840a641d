"""The enforcer holds roles, never users, and relations come from tenant paths."""

from liaison.authz.enforcer import Relation, allowed, enforcer, relation
from liaison.models.account import Role


def test_relation_from_paths():
    assert relation("gx/hezhou", "gx/hezhou") is Relation.own
    assert relation("gx/hezhou", "gx/hezhou/babu") is Relation.descendant
    assert relation("gx/hezhou/babu", "gx/hezhou") is Relation.none
    assert relation("gx/hezhou/babu", "gx/hezhou/pinggui") is Relation.none
    # A shared prefix is not a parent: gx/he is not above gx/hezhou.
    assert relation("gx/he", "gx/hezhou") is Relation.none


def test_only_roles_are_loaded_into_casbin():
    assert enforcer().get_grouping_policy() == [["chair", "leadership"]]
    subjects = {rule[0] for rule in enforcer().get_policy()}
    assert subjects == {r.value for r in Role} - {"chair"}


def test_the_chair_inherits_the_leadership_group():
    for obj, act in (("tenant", "read"), ("account", "read"), ("audit_log", "read")):
        assert allowed("chair", Relation.own, obj, act) is True
        assert allowed("leadership", Relation.own, obj, act) is True
    assert allowed("chair", Relation.own, "role_assignment", "manage") is False
    assert allowed("office", Relation.descendant, "role_assignment", "manage") is False
    assert allowed("office", Relation.none, "tenant", "read") is False
