"""The city's defaults for its counties: every liaison setting may be left to the tenant
above (NULL: follow it), and a tenant may fix a setting for every tenant below it.

A tenant reads the settings of the tenants above it (their defaults are its own unless it
overrides them); it still writes only its own row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

VALUES = ["min_pairings", "max_pairings", "report_due_month", "report_due_day",
          "plan_due_month", "plan_due_day", "opinion_reply_days"]
DEFAULTS = {"report_due_month": "12", "report_due_day": "20", "plan_due_month": "3",
            "plan_due_day": "31", "opinion_reply_days": "30"}
FIXED = ["pairing_fixed", "report_due_fixed", "plan_due_fixed", "opinion_reply_days_fixed"]
PAIRS = {"pairing": ("min_pairings", "max_pairings"),
         "report_due": ("report_due_month", "report_due_day"),
         "plan_due": ("plan_due_month", "plan_due_day")}
# Own and lower tenants (the usual read), or a tenant above the active one.
READ = (f"{rls.READ_USING} OR tenant_id IN (SELECT above.id FROM tenant above, tenant me"
        " WHERE me.id = liaison_active_tenant() AND me.path LIKE above.path || '/%')")


def upgrade(app_password: str = "") -> None:
    for column in VALUES:
        op.alter_column("liaison_settings", column, nullable=True, server_default=None)
    for column in FIXED:
        op.add_column("liaison_settings", sa.Column(column, sa.Boolean, nullable=False,
                                                    server_default=sa.false()))
    op.add_column("liaison_settings", sa.Column("updated_by", sa.Uuid))
    for name, (first, second) in PAIRS.items():
        op.create_check_constraint(f"ck_liaison_settings_{name}_whole", "liaison_settings",
                                   f"({first} IS NULL) = ({second} IS NULL)")
    op.execute(f"ALTER POLICY liaison_settings_read ON liaison_settings USING ({READ})")


def downgrade(app_password: str = "") -> None:
    op.execute(f"ALTER POLICY liaison_settings_read ON liaison_settings"
               f" USING ({rls.READ_USING})")
    for name in PAIRS:
        op.drop_constraint(f"ck_liaison_settings_{name}_whole", "liaison_settings",
                           type_="check")
    op.drop_column("liaison_settings", "updated_by")
    for column in FIXED:
        op.drop_column("liaison_settings", column)
    # A tenant that followed the one above keeps what applied to it the day it was written
    # back: the defaults of the notice.
    op.execute("UPDATE liaison_settings SET min_pairings = COALESCE(min_pairings, 2),"
               " max_pairings = COALESCE(max_pairings, 3)")
    for column, default in DEFAULTS.items():
        op.execute(f"UPDATE liaison_settings SET {column} = COALESCE({column}, {default})")
        op.alter_column("liaison_settings", column, server_default=default)
    for column in VALUES:
        op.alter_column("liaison_settings", column, nullable=False)
