"""The annual liaison assessment (weights per tenant, the office's 优秀 marks) and the public
supervision snapshots.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from liaison.db import rls

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NEW_TABLES = ["assessment_weights", "assessment_mark", "disclosure_snapshot"]
APP_GRANTS = {"assessment_weights": "SELECT, INSERT, UPDATE",
              "assessment_mark": "SELECT, INSERT, UPDATE",
              "disclosure_snapshot": "SELECT, INSERT, UPDATE"}


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.Uuid, sa.ForeignKey("tenant.id", ondelete="RESTRICT"),
                     nullable=False)


def upgrade(app_password: str = "") -> None:
    op.create_table(
        "assessment_weights",
        sa.Column("tenant_id", sa.Uuid, sa.ForeignKey("tenant.id"), nullable=False),
        *[sa.Column(name, sa.Integer, nullable=False)
          for name in ("quarters", "filings", "opinions", "duties", "evaluation")],
        sa.Column("updated_by", sa.Uuid),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_assessment_weights"),
        sa.CheckConstraint("quarters >= 0 AND filings >= 0 AND opinions >= 0 AND duties >= 0"
                           " AND evaluation >= 0 AND quarters + filings + opinions + duties"
                           " + evaluation = 100", name="ck_assessment_weights_sum"),
    )
    op.create_table(
        "assessment_mark", _tenant(),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("excellent", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(200)),
        sa.Column("marked_by", sa.Uuid, nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_assessment_mark"),
        sa.ForeignKeyConstraint(["tenant_id", "member_id"], ["member.tenant_id", "member.id"],
                                name="fk_assessment_mark_tenant_id_member_id_member"),
        sa.UniqueConstraint("tenant_id", "year", "member_id",
                            name="uq_assessment_mark_tenant_id_year_member_id"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_assessment_mark_year"),
    )
    op.create_table(
        "disclosure_snapshot", _tenant(),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Integer, nullable=False),
        sa.Column("data", postgresql.JSONB, nullable=False),
        sa.Column("created_by", sa.Uuid, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("published_by", sa.Uuid),
        sa.Column("unpublished_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_disclosure_snapshot"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100 AND quarter BETWEEN 1 AND 4",
                           name="ck_disclosure_snapshot_period"),
    )
    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
