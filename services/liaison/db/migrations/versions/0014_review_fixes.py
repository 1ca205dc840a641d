"""Fixes from reading the change again:

- ``evaluation_code`` is read by its own tenant only (hashed codes, ratings and the people's
  comments): the default read policy let a city's session read its counties' rows;
- at most one published disclosure snapshot per tenant: two publishes at once each withdrew
  the old one and inserted theirs, and unpublishing withdrew only the newer;
- the proposal number is unique among opinions not merged, on databases that ran 0007 before
  that index was made partial (created again here, whatever 0007 made).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade(app_password: str = "") -> None:
    op.execute(f"ALTER POLICY evaluation_code_read ON evaluation_code"
               f" USING ({rls.OWN_READ_USING})")
    op.create_index("uq_disclosure_snapshot_tenant_id_published", "disclosure_snapshot",
                    ["tenant_id"], unique=True,
                    postgresql_where=sa.text("unpublished_at IS NULL"))
    op.execute("DROP INDEX IF EXISTS uq_opinion_proposal_number")
    op.create_index("uq_opinion_proposal_number", "opinion",
                    ["tenant_id", "proposal_year", "proposal_number"], unique=True,
                    postgresql_where=sa.text("merged_into_id IS NULL"))


def downgrade(app_password: str = "") -> None:
    op.drop_index("uq_disclosure_snapshot_tenant_id_published", "disclosure_snapshot")
    op.execute(f"ALTER POLICY evaluation_code_read ON evaluation_code USING ({rls.READ_USING})")
