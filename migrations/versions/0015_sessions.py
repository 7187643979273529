"""security: a session generation per account (logout, new password, role change or
deactivation end every session); refused requests counted per user, page and minute

Revision ID: 0015_sessions
Revises: 0014_public_intake
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_sessions'
down_revision = '0014_public_intake'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False)
        )

    op.create_table('refusal_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minute', sa.DateTime(), nullable=False),
    sa.Column('who', sa.String(length=60), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refusal_tally')),
    sa.UniqueConstraint('minute', 'who', 'path', name='uq_refusal_tally_minute_who_path')
    )
    with op.batch_alter_table('refusal_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refusal_tally_minute'), ['minute'], unique=False)


def downgrade():
    with op.batch_alter_table('refusal_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refusal_tally_minute'))
    op.drop_table('refusal_tally')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
