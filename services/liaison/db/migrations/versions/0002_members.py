"""Members, terms, constituents, pairings and per-tenant liaison settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NEW_TABLES = ["term", "liaison_settings", "member", "constituent", "pairing"]
APP_GRANTS = {
    "term": "SELECT, INSERT, UPDATE",
    "liaison_settings": "SELECT, INSERT, UPDATE",
    "member": "SELECT, INSERT, UPDATE",
    "constituent": "SELECT, INSERT, UPDATE",
    "pairing": "SELECT, INSERT, UPDATE",
    "sector": "INSERT, UPDATE",
    "committee": "INSERT, UPDATE",
    "activity_group": "INSERT, UPDATE",
}


def _tenant_fk() -> sa.ForeignKey:
    return sa.ForeignKey("tenant.id", ondelete="RESTRICT")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{column}_{target}")


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    ]


def upgrade(app_password: str = "") -> None:
    op.add_column("sector", sa.Column("invited", sa.Boolean, server_default="false",
                                      nullable=False))
    op.execute("UPDATE sector SET invited = true WHERE name LIKE '%特邀%' "
               "OR name LIKE '%特别邀请%'")

    op.create_table(
        "term",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_term"),
        sa.CheckConstraint("ends_on > starts_on", name="ck_term_dates"),
    )
    op.create_index("uq_term_tenant_id_name", "term", ["tenant_id", "name"], unique=True)
    op.create_index("uq_term_current", "term", ["tenant_id"], unique=True,
                    postgresql_where=sa.text("is_current"))

    op.create_table(
        "liaison_settings",
        sa.Column("tenant_id", sa.Uuid, nullable=False),
        sa.Column("min_pairings", sa.Integer, nullable=False),
        sa.Column("max_pairings", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_liaison_settings"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"],
                                name="fk_liaison_settings_tenant_id_tenant"),
        sa.CheckConstraint("min_pairings >= 0 AND max_pairings >= min_pairings "
                           "AND max_pairings <= 20", name="ck_liaison_settings_bounds"),
    )

    op.create_table(
        "member",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("term_id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("gender", sa.String(10)),
        sa.Column("ethnicity", sa.String(20)),
        sa.Column("party", sa.String(40)),
        sa.Column("sector_id", sa.Uuid, nullable=False),
        sa.Column("committee_id", sa.Uuid),
        sa.Column("activity_group_id", sa.Uuid),
        sa.Column("work_unit", sa.String(100)),
        sa.Column("post", sa.String(60)),
        sa.Column("phone", sa.String(20)),
        sa.Column("is_leading_cadre", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("left_on", sa.Date),
        sa.Column("left_reason", sa.String(200)),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_member"),
        _fk("member", "term_id", "term"),
        _fk("member", "sector_id", "sector"),
        _fk("member", "committee_id", "committee"),
        _fk("member", "activity_group_id", "activity_group"),
        sa.CheckConstraint("(status = 'left') = (left_on IS NOT NULL)", name="ck_member_left_on"),
        sa.CheckConstraint("status IN ('serving', 'left')", name="ck_member_status"),
        sa.CheckConstraint("gender IN ('male', 'female')", name="ck_member_gender"),
    )
    op.create_index("ix_member_tenant_id_name", "member", ["tenant_id", "name"])
    op.create_index("ix_member_tenant_id_sector_id", "member", ["tenant_id", "sector_id"])

    op.create_table(
        "constituent",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("party", sa.String(40)),
        sa.Column("work_unit", sa.String(100)),
        sa.Column("post", sa.String(60)),
        sa.Column("phone", sa.String(20)),
        sa.Column("sector_id", sa.Uuid),
        sa.Column("category", sa.String(20), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_constituent"),
        _fk("constituent", "sector_id", "sector"),
        sa.CheckConstraint("category IN ('united_front', 'special_group', 'grassroots', "
                           "'other')", name="ck_constituent_category"),
    )
    op.create_index("ix_constituent_tenant_id_name", "constituent", ["tenant_id", "name"])

    op.create_table(
        "pairing",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("constituent_id", sa.Uuid, nullable=False),
        sa.Column("term_id", sa.Uuid, nullable=False),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("ended_on", sa.Date),
        sa.Column("end_reason", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_pairing"),
        _fk("pairing", "member_id", "member"),
        _fk("pairing", "constituent_id", "constituent"),
        _fk("pairing", "term_id", "term"),
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on",
                           name="ck_pairing_dates"),
        sa.CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)",
                           name="ck_pairing_end_reason"),
    )
    op.create_index("ix_pairing_tenant_id_member_id", "pairing", ["tenant_id", "member_id"])
    op.create_index("ix_pairing_tenant_id_constituent_id", "pairing",
                    ["tenant_id", "constituent_id"])
    op.create_index("uq_pairing_active", "pairing", ["tenant_id", "member_id", "constituent_id"],
                    unique=True, postgresql_where=sa.text("ended_on IS NULL"))

    op.add_column("account", sa.Column("member_id", sa.Uuid))
    op.create_foreign_key("fk_account_tenant_id_member_id_member", "account", "member",
                          ["tenant_id", "member_id"], ["tenant_id", "id"])

    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    op.execute("REVOKE INSERT, UPDATE ON sector, committee, activity_group FROM liaison_app")
    op.drop_constraint("fk_account_tenant_id_member_id_member", "account", type_="foreignkey")
    op.drop_column("account", "member_id")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.drop_column("sector", "invited")
