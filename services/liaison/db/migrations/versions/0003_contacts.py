"""Contacts, major decisions, annual plans and reports, notifications; deadlines; e-mail.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from liaison.db import rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEW_TABLES = ["major_decision", "contact", "contact_constituent", "annual_filing",
              "notification"]
APP_GRANTS = {
    "major_decision": "SELECT, INSERT, UPDATE",
    "contact": "SELECT, INSERT, UPDATE",
    "contact_constituent": "SELECT, INSERT, DELETE",
    "annual_filing": "SELECT, INSERT, UPDATE",
    "notification": "SELECT, INSERT, UPDATE",
}
METHODS = ("phone", "wechat", "sms", "visit", "forum", "lecture", "reception_day", "research",
           "sector_research", "sector_consultation", "sector_forum", "sector_studio", "other")


def _tenant_fk() -> sa.ForeignKey:
    return sa.ForeignKey("tenant.id", ondelete="RESTRICT")


def _fk(table: str, column: str, target: str, **kw) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{column}_{target}", **kw)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                     nullable=False)


def _updated() -> sa.Column:
    return sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                     nullable=False)


def upgrade(app_password: str = "") -> None:
    for column, default in (("report_due_month", "12"), ("report_due_day", "20"),
                            ("plan_due_month", "3"), ("plan_due_day", "31")):
        op.add_column("liaison_settings", sa.Column(column, sa.Integer, nullable=False,
                                                    server_default=default))
    op.add_column("account", sa.Column("email", sa.String(200)))

    op.create_table(
        "major_decision",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        _created(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_major_decision"),
    )
    op.create_index("uq_major_decision_tenant_id_title", "major_decision",
                    ["tenant_id", "title"], unique=True)

    op.create_table(
        "contact",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("method", sa.String(30), nullable=False),
        sa.Column("service_kinds", ARRAY(sa.String(30)), nullable=False),
        sa.Column("content", sa.Text),
        sa.Column("opinions", sa.Text),
        sa.Column("remarks", sa.Text),
        sa.Column("decision_id", sa.Uuid),
        sa.Column("entered_by", sa.Uuid),
        sa.Column("entered_by_office", sa.Boolean, nullable=False),
        _created(), _updated(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contact"),
        _fk("contact", "member_id", "member"),
        _fk("contact", "decision_id", "major_decision"),
        sa.CheckConstraint("method IN (" + ", ".join(f"'{m}'" for m in METHODS) + ")",
                           name="ck_contact_method"),
    )
    op.create_index("ix_contact_tenant_id_member_id_occurred_on", "contact",
                    ["tenant_id", "member_id", "occurred_on"])

    op.create_table(
        "contact_constituent",
        sa.Column("tenant_id", sa.Uuid, nullable=False),
        sa.Column("contact_id", sa.Uuid, nullable=False),
        sa.Column("constituent_id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "contact_id", "constituent_id",
                                name="pk_contact_constituent"),
        _fk("contact_constituent", "contact_id", "contact", ondelete="CASCADE"),
        _fk("contact_constituent", "constituent_id", "constituent"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"],
                                name="fk_contact_constituent_tenant_id_tenant"),
    )
    op.create_index("ix_contact_constituent_pair_day", "contact_constituent",
                    ["tenant_id", "member_id", "constituent_id", "occurred_on"])

    op.create_table(
        "annual_filing",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("figures", JSONB),
        sa.Column("main_practices", sa.Text),
        sa.Column("opinions", sa.Text),
        sa.Column("body", sa.Text),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("returned_reason", sa.String(500)),
        sa.Column("accepted_at", sa.DateTime(timezone=True)),
        _created(), _updated(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_annual_filing"),
        _fk("annual_filing", "member_id", "member"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_annual_filing_year"),
        sa.CheckConstraint("kind IN ('plan', 'report')", name="ck_annual_filing_kind"),
        sa.CheckConstraint("status IN ('draft', 'submitted', 'returned', 'accepted')",
                           name="ck_annual_filing_status"),
    )
    op.create_index("uq_annual_filing_member_year_kind", "annual_filing",
                    ["tenant_id", "member_id", "year", "kind"], unique=True)

    op.create_table(
        "notification",
        sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        _created(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_notification"),
        _fk("notification", "member_id", "member"),
    )
    op.create_index("uq_notification_tenant_id_key", "notification", ["tenant_id", "key"],
                    unique=True)
    op.create_index("ix_notification_tenant_id_member_id", "notification",
                    ["tenant_id", "member_id"])

    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.drop_column("account", "email")
    for column in ("report_due_month", "report_due_day", "plan_due_month", "plan_due_day"):
        op.drop_column("liaison_settings", column)
