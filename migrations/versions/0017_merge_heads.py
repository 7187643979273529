"""merge the heads of the concurrent features: notifications, public intake with sessions, desk
settings

Revision ID: 0017_merge_heads
Revises: 0012_notifications, 0015_sessions, 0016_desk_settings
Create Date: 2026-12-04 12:00:00

No schema change: one head again, so that ``flask db upgrade`` works without ``heads``.
"""

revision = "0017_merge_heads"
down_revision = ("0012_notifications", "0015_sessions", "0016_desk_settings")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
