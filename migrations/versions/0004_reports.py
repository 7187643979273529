"""reports: monthly intake (vehicles taken in), indexes of the report queries

Revision ID: 0004_reports
Revises: 0002_lifecycle
Create Date: 2026-11-23 00:35:49.536384

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_reports'
down_revision = '0002_lifecycle'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monthly_intake',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('site', sa.String(length=60), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('vehicles_taken_in', 'trips', 'vehicles_in_service', name='intake_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('count >= 0', name=op.f('ck_monthly_intake_count_not_negative')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_monthly_intake_department_id_department'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_intake')),
    sa.UniqueConstraint('month', 'site', name=op.f('uq_monthly_intake_month'))
    )
    with op.batch_alter_table('monthly_intake', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_intake_month'), ['month'], unique=False)

    with op.batch_alter_table('callback', schema=None) as batch_op:
        batch_op.create_index('ix_callback_at', ['at'], unique=False)

    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_staff_received_at', ['complained_staff_id', 'received_at'], unique=False)

    with op.batch_alter_table('complaint_transition', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_transition_at', ['at'], unique=False)



def downgrade():
    with op.batch_alter_table('complaint_transition', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_transition_at')

    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_staff_received_at')

    with op.batch_alter_table('callback', schema=None) as batch_op:
        batch_op.drop_index('ix_callback_at')

    with op.batch_alter_table('monthly_intake', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_intake_month'))

    op.drop_table('monthly_intake')
