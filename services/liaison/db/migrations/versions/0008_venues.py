"""Liaison stations and sector studios, the reception-day rota, sessions and their visitors,
sector activities, members' calendar feeds; venue staff scoped to venues; notifications to
a venue's staff.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEW_TABLES = ["venue", "venue_sector", "reception_series", "reception_session", "session_duty",
              "session_visitor", "sector_activity", "activity_sector", "activity_member",
              "activity_person", "feed_token"]
APP_GRANTS = {
    "venue": "SELECT, INSERT, UPDATE",
    "venue_sector": "SELECT, INSERT, DELETE",
    "reception_series": "SELECT, INSERT",
    "reception_session": "SELECT, INSERT, UPDATE",
    "session_duty": "SELECT, INSERT, UPDATE, DELETE",
    "session_visitor": "SELECT, INSERT, UPDATE, DELETE",
    "sector_activity": "SELECT, INSERT, UPDATE",
    "activity_sector": "SELECT, INSERT, DELETE",
    "activity_member": "SELECT, INSERT, DELETE",
    "activity_person": "SELECT, INSERT, DELETE",
    "feed_token": "SELECT, INSERT, UPDATE",
}
GRANT_COLUMNS = ["tenant_id", "account_id", "role", "sector_id"]


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.Uuid, sa.ForeignKey("tenant.id", ondelete="RESTRICT"),
                     nullable=False)


def _keys() -> list:
    return [_tenant(), sa.Column("id", sa.Uuid, nullable=False)]


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("tenant_id", *(columns or ("id",)), name=f"pk_{table}")


def _fk(table: str, column: str, target: str, **kw) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{column}_{target}", **kw)


def _stamp(name: str = "created_at") -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(),
                     nullable=False)


def upgrade(app_password: str = "") -> None:
    op.create_table(
        "venue", *_keys(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("area", sa.String(60)),
        sa.Column("address", sa.String(200)),
        sa.Column("opening_hours", sa.String(100)),
        sa.Column("phone", sa.String(30)),
        sa.Column("host_unit", sa.String(100)),
        sa.Column("description", sa.String(500)),
        sa.Column("is_active", sa.Boolean, nullable=False),
        _stamp(), _stamp("updated_at"),
        _pk("venue"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_venue_tenant_id_name"),
        sa.CheckConstraint("kind IN ('station', 'studio')", name="ck_venue_kind"),
    )
    op.create_table(
        "venue_sector", _tenant(),
        sa.Column("venue_id", sa.Uuid, nullable=False),
        sa.Column("sector_id", sa.Uuid, nullable=False),
        _pk("venue_sector", "venue_id", "sector_id"),
        _fk("venue_sector", "venue_id", "venue"), _fk("venue_sector", "sector_id", "sector"),
    )
    op.create_table(
        "reception_series", *_keys(),
        sa.Column("venue_id", sa.Uuid, nullable=False),
        sa.Column("rrule", sa.String(200), nullable=False),
        sa.Column("first_on", sa.Date, nullable=False),
        sa.Column("last_on", sa.Date, nullable=False),
        sa.Column("starts", sa.Time, nullable=False),
        sa.Column("ends", sa.Time, nullable=False),
        sa.Column("holiday_policy", sa.String(10), nullable=False),
        sa.Column("created_by", sa.Uuid, nullable=False),
        _stamp(),
        _pk("reception_series"), _fk("reception_series", "venue_id", "venue"),
    )
    op.create_table(
        "reception_session", *_keys(),
        sa.Column("venue_id", sa.Uuid, nullable=False),
        sa.Column("series_id", sa.Uuid),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("theme", sa.String(100)),
        sa.Column("capacity", sa.Integer),
        sa.Column("notice", sa.String(1000)),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("cancel_reason", sa.String(200)),
        sa.Column("holiday_name", sa.String(60)),
        sa.Column("moved_from", sa.Date),
        sa.Column("minutes", sa.Integer),
        sa.Column("notes", sa.Text),
        sa.Column("recorded_at", sa.DateTime(timezone=True)),
        sa.Column("created_by", sa.Uuid),
        _stamp(), _stamp("updated_at"),
        _pk("reception_session"),
        _fk("reception_session", "venue_id", "venue"),
        _fk("reception_session", "series_id", "reception_series"),
        sa.CheckConstraint("ends_at > starts_at AND ends_at - starts_at <= interval '12 hours'",
                           name="ck_reception_session_times"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0",
                           name="ck_reception_session_capacity"),
        sa.CheckConstraint("(status = 'cancelled') = (cancel_reason IS NOT NULL)",
                           name="ck_reception_session_cancel_reason"),
        sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')",
                           name="ck_reception_session_status"),
    )
    op.create_index("ix_reception_session_tenant_id_venue_id_starts_at", "reception_session",
                    ["tenant_id", "venue_id", "starts_at"])
    op.create_index("ix_reception_session_tenant_id_starts_at", "reception_session",
                    ["tenant_id", "starts_at"])
    op.create_table(
        "session_duty", *_keys(),
        sa.Column("session_id", sa.Uuid, nullable=False),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("swap_member_id", sa.Uuid),
        sa.Column("responded_at", sa.DateTime(timezone=True)),
        _stamp(),
        _pk("session_duty"),
        _fk("session_duty", "session_id", "reception_session"),
        _fk("session_duty", "member_id", "member"),
        _fk("session_duty", "swap_member_id", "member"),
        sa.UniqueConstraint("tenant_id", "session_id", "member_id",
                            name="uq_session_duty_tenant_id_session_id_member_id"),
        sa.CheckConstraint("status IN ('assigned', 'confirmed', 'declined')",
                           name="ck_session_duty_status"),
    )
    op.create_index("ix_session_duty_tenant_id_member_id", "session_duty",
                    ["tenant_id", "member_id"])
    op.create_table(
        "session_visitor", *_keys(),
        sa.Column("session_id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(40)),
        sa.Column("phone", sa.String(20)),
        sa.Column("category", sa.String(20)),
        sa.Column("constituent_id", sa.Uuid),
        sa.Column("unnamed_count", sa.Integer),
        sa.Column("raised", sa.String(4000)),
        sa.Column("opinion_id", sa.Uuid),
        sa.Column("contact_id", sa.Uuid),
        _pk("session_visitor"),
        _fk("session_visitor", "session_id", "reception_session"),
        _fk("session_visitor", "constituent_id", "constituent"),
        _fk("session_visitor", "opinion_id", "opinion"),
        _fk("session_visitor", "contact_id", "contact"),
        sa.CheckConstraint("(name IS NULL) <> (unnamed_count IS NULL)",
                           name="ck_session_visitor_who"),
        sa.CheckConstraint("unnamed_count IS NULL OR unnamed_count > 0",
                           name="ck_session_visitor_count"),
    )
    op.create_index("ix_session_visitor_tenant_id_session_id", "session_visitor",
                    ["tenant_id", "session_id"])
    op.create_table(
        "sector_activity", *_keys(),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("venue_id", sa.Uuid),
        sa.Column("people_reached", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text),
        sa.Column("created_by", sa.Uuid),
        _stamp(),
        _pk("sector_activity"), _fk("sector_activity", "venue_id", "venue"),
        sa.CheckConstraint("people_reached >= 0", name="ck_sector_activity_people_reached"),
        sa.CheckConstraint("kind IN ('research', 'consultation', 'forum', 'studio')",
                           name="ck_sector_activity_kind"),
    )
    op.create_index("ix_sector_activity_tenant_id_held_on", "sector_activity",
                    ["tenant_id", "held_on"])
    for table, column, target in (("activity_sector", "sector_id", "sector"),
                                  ("activity_member", "member_id", "member"),
                                  ("activity_person", "constituent_id", "constituent")):
        extra = [sa.Column("contact_id", sa.Uuid),
                 _fk(table, "contact_id", "contact")] if table == "activity_person" else []
        op.create_table(
            table, _tenant(),
            sa.Column("activity_id", sa.Uuid, nullable=False),
            sa.Column(column, sa.Uuid, nullable=False),
            *extra,
            _pk(table, "activity_id", column),
            _fk(table, "activity_id", "sector_activity"), _fk(table, column, target),
        )
    op.create_table(
        "feed_token", *_keys(),
        sa.Column("member_id", sa.Uuid, nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        _stamp(),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        _pk("feed_token"), _fk("feed_token", "member_id", "member"),
    )
    op.create_index("ix_feed_token_tenant_id_member_id", "feed_token", ["tenant_id", "member_id"])

    op.add_column("role_assignment", sa.Column("venue_id", sa.Uuid))
    op.create_foreign_key("fk_role_assignment_tenant_id_venue_id_venue", "role_assignment",
                          "venue", ["tenant_id", "venue_id"], ["tenant_id", "id"])
    op.drop_index("uq_role_assignment_grant", "role_assignment")
    op.create_index("uq_role_assignment_grant", "role_assignment",
                    [*GRANT_COLUMNS, "committee_id", "venue_id"], unique=True,
                    postgresql_nulls_not_distinct=True)
    op.add_column("notification", sa.Column("venue_id", sa.Uuid))
    op.create_foreign_key("fk_notification_tenant_id_venue_id_venue", "notification", "venue",
                          ["tenant_id", "venue_id"], ["tenant_id", "id"])
    op.drop_constraint("ck_notification_recipient", "notification", type_="check")
    op.create_check_constraint(
        "ck_notification_recipient", "notification",
        "member_id IS NOT NULL OR committee_id IS NOT NULL OR venue_id IS NOT NULL")

    for table in NEW_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    # A member's private feed secret, like the other secrets: the own tenant only.
    op.execute(f"ALTER POLICY feed_token_read ON feed_token USING ({rls.OWN_READ_USING})")
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    op.drop_constraint("ck_notification_recipient", "notification", type_="check")
    op.execute("DELETE FROM notification WHERE venue_id IS NOT NULL")
    op.create_check_constraint("ck_notification_recipient", "notification",
                               "member_id IS NOT NULL OR committee_id IS NOT NULL")
    op.drop_constraint("fk_notification_tenant_id_venue_id_venue", "notification",
                       type_="foreignkey")
    op.drop_column("notification", "venue_id")
    op.execute("DELETE FROM role_assignment WHERE venue_id IS NOT NULL")
    op.drop_index("uq_role_assignment_grant", "role_assignment")
    op.create_index("uq_role_assignment_grant", "role_assignment", GRANT_COLUMNS, unique=True,
                    postgresql_nulls_not_distinct=True)
    op.drop_constraint("fk_role_assignment_tenant_id_venue_id_venue", "role_assignment",
                       type_="foreignkey")
    op.drop_column("role_assignment", "venue_id")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
