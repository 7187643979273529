"""merge the feature branches into one head

Revision ID: 0009_merge_features
Revises: 0003_notices, 0004_reports, 0005_penalties, 0006_workspace, 0007_scale, 0008_security
Create Date: 2026-11-23 02:25:00

"""

revision = "0009_merge_features"
down_revision = (
    "0003_notices",
    "0004_reports",
    "0005_penalties",
    "0006_workspace",
    "0007_scale",
    "0008_security",
)
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
