"""desk: the settings the registration form reads (the kind of business, the receipt window)

Revision ID: 0016_desk_settings
Revises: 0011_worktime
Create Date: 2026-12-04 12:00:00.000000

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_desk_settings'
down_revision = '0011_worktime'
branch_labels = None
depends_on = None

# Rows, so that the administrator finds them on the settings page (the code's defaults).
SETTINGS = (
    ('company.business_kind', '兼营'),
    ('registration.max_age_days', '90'),
)


def upgrade():
    now = datetime.now().replace(microsecond=0)
    setting = sa.table('setting', sa.column('key'), sa.column('value'), sa.column('created_at'),
                       sa.column('updated_at'))
    connection = op.get_bind()
    for key, value in SETTINGS:
        taken = connection.execute(sa.text('SELECT count(*) FROM setting WHERE key = :k'),
                                   {'k': key}).scalar()
        if not taken:
            op.bulk_insert(setting, [{'key': key, 'value': value, 'created_at': now,
                                      'updated_at': now}])


def downgrade():
    connection = op.get_bind()
    for key, _value in SETTINGS:
        connection.execute(sa.text('DELETE FROM setting WHERE key = :k'), {'k': key})
