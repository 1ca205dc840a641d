"""The top-level folder graphql/ holds the contract, not Python: it must not shadow
graphql-core, which strawberry imports as ``graphql``."""

import importlib
from pathlib import Path


def test_graphql_is_graphql_core_from_site_packages():
    module = importlib.import_module("graphql")
    origin = Path(module.__file__).resolve()
    assert "site-packages" in origin.parts
    assert hasattr(module, "GraphQLSchema")
    assert not (Path(__file__).parents[1] / "graphql" / "__init__.py").exists()
    assert not (Path(__file__).parent / "graphql").exists()
