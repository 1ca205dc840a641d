"""Tenant scoping has one blessed helper (liaison.tenancy.access), as Polar's linter keeps
``select_accessible_org_ids`` the only one: this walks the source and fails where a module
outside tenancy/ writes its own readable-tenant filter."""

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "services" / "liaison"
# The principal defines its scope; the policies decide what a tenant may see; db/rls.py and the
# migrations write the database's own policies.
ALLOWED = {"tenancy", "authz/principal.py", "authz/policies.py", "db/rls.py", "db/migrations"}


def _allowed(path: Path) -> bool:
    relative = path.relative_to(SOURCE).as_posix()
    return any(relative == a or relative.startswith(a + "/") for a in ALLOWED)


def offenders() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if _allowed(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "readable":
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} reads .readable")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and "readable_tenants" in node.value:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} names readable_tenants")
    return found


def test_no_module_outside_tenancy_writes_its_own_readable_tenant_filter():
    assert offenders() == [], "use liaison.tenancy.access (find_readable, readable_ids)"


def test_the_lint_finds_a_hand_written_filter(tmp_path, monkeypatch):
    """The check itself can fail: a module that filters by the readable set is found."""
    fake = tmp_path / "liaison"
    (fake / "members").mkdir(parents=True)
    (fake / "members" / "bad.py").write_text(
        "def q(principal, Member):\n"
        "    return Member.tenant_id.in_(principal.scope.readable)\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["SOURCE"]), "SOURCE", fake)
    assert offenders() == ["members/bad.py:2 reads .readable"]
