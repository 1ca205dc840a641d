"""The published contract: graphql/schema.graphql is current, and every example operation
in graphql/operations/ validates against it."""

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from liaison.api.schema import build_schema as build_liaison_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "graphql" / "schema.graphql"
OPERATIONS = sorted((ROOT / "graphql" / "operations").glob("*.graphql"))


def test_exported_schema_is_current():
    current = build_liaison_schema().as_str() + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == current, \
        "graphql/schema.graphql is stale: run `make schema` (liaison export-schema)"


def test_there_are_example_operations():
    assert {p.name for p in OPERATIONS} >= {"login.graphql", "me.graphql", "tenants.graphql"}


@pytest.mark.parametrize("path", OPERATIONS, ids=[p.name for p in OPERATIONS])
def test_operation_validates_against_the_schema(path):
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    errors = validate(schema, parse(path.read_text(encoding="utf-8")))
    assert [e.message for e in errors] == []
