"""Opinions (意见建议): categories, opinions, who raised them, their history; the committee a
committee-role account works for.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_TABLES = ["opinion_category", "opinion", "opinion_person", "opinion_event"]
APP_GRANTS = {
    "opinion_category": "SELECT, INSERT, UPDATE",
    "opinion": "SELECT, INSERT, UPDATE",
    "opinion_person": "SELECT, INSERT, DELETE",
    "opinion_event": "SELECT, INSERT",
}
STATES = "'registered', 'handling', 'disposed', 'replied', 'fed_back', 'closed'"


def _tenant_fk() -> sa.ForeignKey:
    return sa.ForeignKey("tenant.id", ondelete="RESTRICT")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{column}_{target}")


def _keys() -> list:
    return [sa.Column("tenant_id", sa.Uuid, _tenant_fk(), nullable=False),
            sa.Column("id", sa.Uuid, nullable=False)]


def upgrade(app_password: str = "") -> None:
    op.add_column("role_assignment", sa.Column("committee_id", sa.Uuid))
    op.create_foreign_key("fk_role_assignment_tenant_id_committee_id_committee",
                          "role_assignment", "committee", ["tenant_id", "committee_id"],
                          ["tenant_id", "id"])

    op.create_table(
        "opinion_category", *_keys(),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_opinion_category"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_opinion_category_tenant_id_name"),
    )
    op.create_table(
        "opinion", *_keys(),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("content", sa.String(4000), nullable=False),
        sa.Column("category_id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid),
        sa.Column("contact_id", sa.Uuid),
        sa.Column("sector_id", sa.Uuid),
        sa.Column("urgency", sa.String(10), nullable=False),
        sa.Column("raised_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("committee_id", sa.Uuid),
        sa.Column("due_on", sa.Date),
        sa.Column("outcome_kind", sa.String(12)),
        sa.Column("outcome_on", sa.Date),
        sa.Column("proposal_year", sa.Integer),
        sa.Column("proposal_number", sa.String(30)),
        sa.Column("outcome_title", sa.String(200)),
        sa.Column("sent_to", sa.String(100)),
        sa.Column("department", sa.String(100)),
        sa.Column("rejection_reason", sa.String(500)),
        sa.Column("reply_from", sa.String(100)),
        sa.Column("replied_on", sa.Date),
        sa.Column("reply_text", sa.Text),
        sa.Column("feedback_how", sa.String(40)),
        sa.Column("feedback_on", sa.Date),
        sa.Column("feedback_by", sa.String(40)),
        sa.Column("satisfied", sa.Boolean),
        sa.Column("feedback_note", sa.String(1000)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_opinion"),
        _fk("opinion", "category_id", "opinion_category"),
        _fk("opinion", "member_id", "member"),
        _fk("opinion", "contact_id", "contact"),
        _fk("opinion", "sector_id", "sector"),
        _fk("opinion", "committee_id", "committee"),
        sa.CheckConstraint(f"state IN ({STATES})", name="ck_opinion_state"),
    )
    op.create_index("ix_opinion_tenant_id_state", "opinion", ["tenant_id", "state"])
    op.create_index("uq_opinion_proposal_number", "opinion",
                    ["tenant_id", "proposal_year", "proposal_number"], unique=True)
    op.create_table(
        "opinion_person", *_keys(),
        sa.Column("opinion_id", sa.Uuid, nullable=False),
        sa.Column("constituent_id", sa.Uuid),
        sa.Column("unnamed_count", sa.Integer),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_opinion_person"),
        _fk("opinion_person", "opinion_id", "opinion"),
        _fk("opinion_person", "constituent_id", "constituent"),
        sa.CheckConstraint("(constituent_id IS NULL) <> (unnamed_count IS NULL)",
                           name="ck_opinion_person_who"),
    )
    op.create_index("ix_opinion_person_tenant_id_opinion_id", "opinion_person",
                    ["tenant_id", "opinion_id"])
    op.create_table(
        "opinion_event", *_keys(),
        sa.Column("opinion_id", sa.Uuid, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("actor_id", sa.Uuid),
        sa.Column("actor_name", sa.String(64)),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(12)),
        sa.Column("to_state", sa.String(12), nullable=False),
        sa.Column("note", sa.String(500)),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_opinion_event"),
        _fk("opinion_event", "opinion_id", "opinion"),
    )
    op.create_index("uq_opinion_event_seq", "opinion_event",
                    ["tenant_id", "opinion_id", "seq"], unique=True)

    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.drop_constraint("fk_role_assignment_tenant_id_committee_id_committee", "role_assignment",
                       type_="foreignkey")
    op.drop_column("role_assignment", "committee_id")
