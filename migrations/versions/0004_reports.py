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

    # Covering indexes of the report queries (declared in panel/reports/models.py).
    with_deadline = sa.text('due_at IS NOT NULL')
    waiting = sa.text('step_due_at IS NOT NULL')
    op.create_index('ix_complaint_transition_report', 'complaint_transition',
                    ['at', 'from_status', 'on_time', 'complaint_id'],
                    postgresql_where=with_deadline, sqlite_where=with_deadline)
    op.create_index('ix_callback_report', 'callback', ['at', 'satisfied', 'complaint_id'])
    op.create_index('ix_complaint_step_due_at', 'complaint', ['step_due_at', 'status'],
                    postgresql_where=waiting, sqlite_where=waiting)
    op.create_index('ix_complaint_staff_received_at', 'complaint',
                    ['complained_staff_id', 'received_at', 'status'])
    op.create_index('ix_complaint_report', 'complaint',
                    ['received_at', 'status', 'closed_at', 'reopen_count', 'channel', 'category',
                     'severity', 'complained_department_id'])
    if op.get_bind().dialect.name == 'postgresql':
        # Without it PostgreSQL takes every row for its own month and will not hash or
        # parallelise the monthly trend.
        op.execute("CREATE STATISTICS complaint_received_month "
                   "ON (date_trunc('month', received_at)) FROM complaint")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP STATISTICS IF EXISTS complaint_received_month")
    op.drop_index('ix_complaint_report', table_name='complaint')
    op.drop_index('ix_complaint_staff_received_at', table_name='complaint')
    op.drop_index('ix_complaint_step_due_at', table_name='complaint')
    op.drop_index('ix_callback_report', table_name='callback')
    op.drop_index('ix_complaint_transition_report', table_name='complaint_transition')
    with op.batch_alter_table('monthly_intake', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_intake_month'))

    op.drop_table('monthly_intake')
