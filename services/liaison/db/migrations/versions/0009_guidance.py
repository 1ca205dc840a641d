"""The city's guidance items to its counties (with attachments kept in PostgreSQL) and the
people's year-end evaluation rounds with one-time codes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NEW_TABLES = ["attachment", "guidance_item", "guidance_target", "evaluation_round",
              "evaluation_code"]
APP_GRANTS = {
    "attachment": "SELECT, INSERT",
    "guidance_item": "SELECT, INSERT, UPDATE",
    # What moves: the county's reading, answer and finishing, the city's reminders. What the
    # city sent (kind, title, body, attachment, issuer, item) is never updated.
    "guidance_target": "SELECT, INSERT, UPDATE (state, read_at, answer, answer_attachment_id,"
                       " answered_at, done_at, reminded_at, reminders)",
    "evaluation_round": "SELECT, INSERT, UPDATE",
    "evaluation_code": "SELECT, INSERT, UPDATE, DELETE",
}
READABLE = "(tenant_id = ANY ((SELECT liaison_readable_tenants())::uuid[])) IS TRUE"
ACTIVE = "tenant_id = liaison_active_tenant()"
# A county reads the attachment of an item sent to it (its own guidance_target rows, which
# RLS already narrows to the county), though the attachment is kept in the city's tenant.
ATTACHMENT_READ = (f"{READABLE} OR id IN (SELECT g.attachment_id FROM guidance_target g"
                   " WHERE g.attachment_id IS NOT NULL"
                   " AND g.issuer_tenant_id = attachment.tenant_id)")
# The city writes the county's copy (and reminds it); the county reads, answers, finishes.
# Never a copy of one's own: a county cannot make a row that names someone's file.
TARGET_INSERT = (f"{READABLE} AND issuer_tenant_id = liaison_active_tenant()"
                 " AND tenant_id <> issuer_tenant_id")
TARGET_UPDATE = f"{ACTIVE} OR ({TARGET_INSERT})"
# The city, updating a county's copy, may only remind it: the answer is the county's.
ISSUER_ONLY_REMINDS = """
CREATE FUNCTION liaison_guidance_target_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tenant_id IS DISTINCT FROM liaison_active_tenant()
     AND (NEW.state, NEW.read_at, NEW.answer, NEW.answer_attachment_id, NEW.answered_at,
          NEW.done_at)
         IS DISTINCT FROM (OLD.state, OLD.read_at, OLD.answer, OLD.answer_attachment_id,
                           OLD.answered_at, OLD.done_at) THEN
    RAISE EXCEPTION 'only the county answers its guidance' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$
"""


def _keys() -> list:
    return [sa.Column("tenant_id", sa.Uuid, sa.ForeignKey("tenant.id", ondelete="RESTRICT"),
                      nullable=False),
            sa.Column("id", sa.Uuid, nullable=False)]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{column}_{target}")


def _at(name: str, *, default: bool = False, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable,
                     **({"server_default": sa.func.now()} if default else {}))


def upgrade(app_password: str = "") -> None:
    op.create_table(
        "attachment", *_keys(),
        sa.Column("filename", sa.String(120), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_by", sa.Uuid, nullable=False),
        _at("created_at", default=True, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_attachment"),
        sa.CheckConstraint("size BETWEEN 1 AND 10485760", name="ck_attachment_size"),
    )
    kinds = "kind IN ('notice', 'task', 'supervision')"
    op.create_table(
        "guidance_item", *_keys(),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("due_on", sa.Date),
        sa.Column("attachment_id", sa.Uuid),
        sa.Column("created_by", sa.Uuid, nullable=False),
        _at("created_at", default=True, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_guidance_item"),
        _fk("guidance_item", "attachment_id", "attachment"),
        sa.CheckConstraint(kinds, name="ck_guidance_item_kind"),
    )
    op.create_index("ix_guidance_item_tenant_id_created_at", "guidance_item",
                    ["tenant_id", "created_at"])
    op.create_table(
        "guidance_target", *_keys(),
        sa.Column("issuer_tenant_id", sa.Uuid, nullable=False),
        sa.Column("item_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("due_on", sa.Date),
        sa.Column("attachment_id", sa.Uuid),
        sa.Column("state", sa.String(10), nullable=False),
        _at("read_at"),
        sa.Column("answer", sa.Text),
        sa.Column("answer_attachment_id", sa.Uuid),
        _at("answered_at"), _at("done_at"), _at("reminded_at"),
        sa.Column("reminders", sa.Integer, nullable=False, server_default="0"),
        _at("created_at", default=True, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_guidance_target"),
        _fk("guidance_target", "answer_attachment_id", "attachment"),
        sa.UniqueConstraint("tenant_id", "issuer_tenant_id", "item_id",
                            name="uq_guidance_target_tenant_id_issuer_tenant_id_item_id"),
        sa.CheckConstraint(kinds, name="ck_guidance_target_kind"),
        sa.CheckConstraint("state IN ('sent', 'read', 'answered', 'done')",
                           name="ck_guidance_target_state"),
    )
    op.create_index("ix_guidance_target_tenant_id_state", "guidance_target",
                    ["tenant_id", "state"])
    op.create_table(
        "evaluation_round", *_keys(),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("opened_by", sa.Uuid, nullable=False),
        _at("opened_at", nullable=False), _at("closed_at"),
        sa.Column("review_on", sa.Date),
        sa.Column("conclusion", sa.String(2000)),
        sa.Column("commended", sa.ARRAY(sa.Uuid), nullable=False),
        sa.Column("talks", sa.ARRAY(sa.Uuid), nullable=False),
        sa.Column("reviewed_by", sa.Uuid),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_evaluation_round"),
        sa.UniqueConstraint("tenant_id", "year", name="uq_evaluation_round_tenant_id_year"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_evaluation_round_year"),
        sa.CheckConstraint("state IN ('open', 'closed')", name="ck_evaluation_round_state"),
    )
    op.create_table(
        "evaluation_code", *_keys(),
        sa.Column("round_id", sa.Uuid, nullable=False),
        sa.Column("pairing_id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("rating", sa.String(12)),
        sa.Column("comment", sa.String(500)),
        _at("answered_at"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_evaluation_code"),
        _fk("evaluation_code", "round_id", "evaluation_round"),
        _fk("evaluation_code", "pairing_id", "pairing"),
        _fk("evaluation_code", "member_id", "member"),
        sa.UniqueConstraint("tenant_id", "round_id", "pairing_id",
                            name="uq_evaluation_code_tenant_id_round_id_pairing_id"),
        sa.UniqueConstraint("tenant_id", "code_hash",
                            name="uq_evaluation_code_tenant_id_code_hash"),
        sa.CheckConstraint("(rating IS NULL) = (answered_at IS NULL)",
                           name="ck_evaluation_code_answer"),
        sa.CheckConstraint("rating IS NULL OR rating IN ('satisfied', 'fairly', 'unsatisfied')",
                           name="ck_evaluation_code_rating"),
    )
    op.create_index("ix_evaluation_code_tenant_id_member_id", "evaluation_code",
                    ["tenant_id", "member_id"])

    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    op.execute(f"ALTER POLICY attachment_read ON attachment USING ({ATTACHMENT_READ})")
    op.execute(f"ALTER POLICY guidance_target_insert ON guidance_target"
               f" WITH CHECK ({TARGET_INSERT})")
    op.execute(f"ALTER POLICY guidance_target_update ON guidance_target"
               f" USING ({TARGET_UPDATE}) WITH CHECK ({TARGET_UPDATE})")
    op.execute(ISSUER_ONLY_REMINDS)
    op.execute("CREATE TRIGGER guidance_target_issuer_reminds BEFORE UPDATE ON guidance_target"
               " FOR EACH ROW EXECUTE FUNCTION liaison_guidance_target_update()")
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    op.execute("DROP POLICY attachment_read ON attachment")  # it reads guidance_target
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.execute("DROP FUNCTION liaison_guidance_target_update()")
