"""Opinions, second half: merging, adoption of 社情民意信息, the city's guidance notes, the
days to answer the people, reminders to committees, and integration keys.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NEW_TABLES = ["opinion_note", "api_key"]
APP_GRANTS = {"opinion_note": "SELECT, INSERT", "api_key": "SELECT, INSERT, UPDATE"}
# A guidance note belongs to the county's opinion (so the county reads it) but is written by
# the city: the row's tenant must be readable and its author the active tenant.
NOTE_INSERT = ("(tenant_id = ANY ((SELECT liaison_readable_tenants())::uuid[])) IS TRUE"
               " AND author_tenant_id = liaison_active_tenant()")


def _keys() -> list:
    return [sa.Column("tenant_id", sa.Uuid, sa.ForeignKey("tenant.id", ondelete="RESTRICT"),
                      nullable=False),
            sa.Column("id", sa.Uuid, nullable=False)]


def upgrade(app_password: str = "") -> None:
    op.add_column("opinion", sa.Column("merged_into_id", sa.Uuid))
    op.create_foreign_key("fk_opinion_tenant_id_merged_into_id_opinion", "opinion", "opinion",
                          ["tenant_id", "merged_into_id"], ["tenant_id", "id"])
    op.create_index("ix_opinion_tenant_id_merged_into_id", "opinion",
                    ["tenant_id", "merged_into_id"])
    # Opinions merged into a lead carry its proposal number: the number is unique among leads
    # and opinions not merged.
    op.drop_index("uq_opinion_proposal_number", "opinion")
    op.create_index("uq_opinion_proposal_number", "opinion",
                    ["tenant_id", "proposal_year", "proposal_number"], unique=True,
                    postgresql_where=sa.text("merged_into_id IS NULL"))
    op.add_column("opinion", sa.Column("adopted_on", sa.Date))
    op.add_column("opinion", sa.Column("instruction", sa.String(1000)))
    op.add_column("liaison_settings", sa.Column("opinion_reply_days", sa.Integer,
                                                nullable=False, server_default="30"))
    op.create_check_constraint("ck_liaison_settings_opinion_reply_days", "liaison_settings",
                               "opinion_reply_days BETWEEN 1 AND 365")

    op.alter_column("notification", "member_id", nullable=True)
    op.add_column("notification", sa.Column("committee_id", sa.Uuid))
    op.create_foreign_key("fk_notification_tenant_id_committee_id_committee", "notification",
                          "committee", ["tenant_id", "committee_id"], ["tenant_id", "id"])
    op.create_check_constraint("ck_notification_recipient", "notification",
                               "member_id IS NOT NULL OR committee_id IS NOT NULL")

    op.create_table(
        "opinion_note", *_keys(),
        sa.Column("opinion_id", sa.Uuid, nullable=False),
        sa.Column("author_tenant_id", sa.Uuid, nullable=False),
        sa.Column("author_id", sa.Uuid, nullable=False),
        sa.Column("author_name", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_opinion_note"),
        sa.ForeignKeyConstraint(["tenant_id", "opinion_id"], ["opinion.tenant_id", "opinion.id"],
                                name="fk_opinion_note_tenant_id_opinion_id_opinion"),
    )
    op.create_index("ix_opinion_note_tenant_id_opinion_id", "opinion_note",
                    ["tenant_id", "opinion_id"])
    op.create_table(
        "api_key", *_keys(),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("hint", sa.String(8), nullable=False),
        sa.Column("created_by", sa.Uuid, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_api_key"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_api_key_tenant_id_name"),
    )

    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    op.execute(f"ALTER POLICY opinion_note_insert ON opinion_note WITH CHECK ({NOTE_INSERT})")
    op.execute(f"ALTER POLICY api_key_read ON api_key USING ({rls.OWN_READ_USING})")
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.drop_constraint("ck_notification_recipient", "notification", type_="check")
    op.drop_constraint("fk_notification_tenant_id_committee_id_committee", "notification",
                       type_="foreignkey")
    op.drop_column("notification", "committee_id")
    op.execute("DELETE FROM notification WHERE member_id IS NULL")
    op.alter_column("notification", "member_id", nullable=False)
    op.drop_constraint("ck_liaison_settings_opinion_reply_days", "liaison_settings",
                       type_="check")
    op.drop_column("liaison_settings", "opinion_reply_days")
    for column in ("instruction", "adopted_on"):
        op.drop_column("opinion", column)
    op.drop_index("uq_opinion_proposal_number", "opinion")
    op.execute("UPDATE opinion SET proposal_number = NULL, proposal_year = NULL"
               " WHERE merged_into_id IS NOT NULL")
    op.create_index("uq_opinion_proposal_number", "opinion",
                    ["tenant_id", "proposal_year", "proposal_number"], unique=True)
    op.drop_index("ix_opinion_tenant_id_merged_into_id", "opinion")
    op.drop_constraint("fk_opinion_tenant_id_merged_into_id_opinion", "opinion",
                       type_="foreignkey")
    op.drop_column("opinion", "merged_into_id")
