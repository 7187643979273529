"""security: login attempts (throttling, lockout); audit actions up to 20 characters

Revision ID: 0008_security
Revises: 0002_lifecycle
Create Date: 2026-11-23 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_security'
down_revision = '0002_lifecycle'
branch_labels = None
depends_on = None

SQLITE_AUDIT_TRIGGERS = ("UPDATE", "DELETE")


def upgrade():
    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('outcome', sa.Enum('ok', 'failed', 'blocked', name='login_outcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_ip_at', ['ip', 'at'], unique=False)
        batch_op.create_index('ix_login_attempt_username_at', ['username', 'at'], unique=False)

    _resize_audit_action(20)


def downgrade():
    _resize_audit_action(10)
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_username_at')
        batch_op.drop_index('ix_login_attempt_ip_at')

    op.drop_table('login_attempt')


def _resize_audit_action(length):
    """Security events ("login_failed", "forbidden") need longer action names.

    PostgreSQL alters the column in place (its append-only trigger stays). SQLite rebuilds the
    table, which drops its triggers: they are made again, the same as in 0002_lifecycle.
    """
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE audit_entry ALTER COLUMN action TYPE VARCHAR({length}) "
            f"USING left(action, {length})"
        )
        return
    with op.batch_alter_table('audit_entry', schema=None, recreate='always') as batch_op:
        batch_op.alter_column('action', existing_type=sa.String(), type_=sa.String(length=length),
                              existing_nullable=False)
    for event in SQLITE_AUDIT_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS audit_entry_no_{event.lower()}")
        op.execute(f"""
            CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry
            BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END
        """)
