"""notices: the archive of issued notices, their PDF bytes, numbering and batch print jobs

Revision ID: 0003_notices
Revises: 0002_lifecycle
Create Date: 2026-11-23 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_notices'
down_revision = '0002_lifecycle'
branch_labels = None
depends_on = None

NOTICE_KINDS = ('customer_result', 'regulator_reply', 'work_contact', 'registration', 'penalty',
                'circular', 'ledger')
ARCHIVE_TABLES = ('notice', 'notice_file')
SETTING_DEFAULTS = [
    ('notices.company_name', ''),
    ('notices.company_address', ''),
    ('notices.hotline', ''),
    ('notices.regulator_hotlines',
     '12345 政务服务便民热线\n12328 交通运输服务监督电话\n12315 市场监管投诉举报热线'),
    ('notices.seal_file', ''),
]


def upgrade():
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*NOTICE_KINDS, name='notice_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject', sa.String(length=60), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('penalty_id', sa.Integer(), nullable=True),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_by_name', sa.String(length=40), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.CheckConstraint('size > 0', name=op.f('ck_notice_size_positive')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_notice_version_positive')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_notice_complaint_id_complaint'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_notice_issued_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['penalty_id'], ['penalty.id'], name=op.f('fk_notice_penalty_id_penalty'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('kind', 'subject', 'version', name='uq_notice_kind_subject_version'),
    sa.UniqueConstraint('number', 'version', name='uq_notice_number_version')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_issued_at'), ['issued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_penalty_id'), ['penalty_id'], unique=False)

    op.create_table('notice_file',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_notice_file_notice_id_notice'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('notice_id', name=op.f('pk_notice_file'))
    )
    op.create_table('notice_number_counter',
    sa.Column('prefix', sa.String(length=4), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_notice_number_counter'))
    )
    op.create_table('notice_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*NOTICE_KINDS, name='notice_batch_kind', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('complaint_ids', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('notice_ids', sa.JSON(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_notice_batch_created_by_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_batch'))
    )
    with op.batch_alter_table('notice_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_batch_created_by_id'), ['created_by_id'], unique=False)

    _seed_settings()
    _make_archive_immutable()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in ARCHIVE_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS notice_archive_immutable()")
    setting = sa.table("setting", sa.column("key"))
    op.execute(setting.delete().where(setting.c.key.in_([k for k, _ in SETTING_DEFAULTS])))
    with op.batch_alter_table('notice_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_batch_created_by_id'))

    op.drop_table('notice_batch')
    op.drop_table('notice_number_counter')
    op.drop_table('notice_file')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_penalty_id'))
        batch_op.drop_index(batch_op.f('ix_notice_number'))
        batch_op.drop_index(batch_op.f('ix_notice_issued_at'))
        batch_op.drop_index(batch_op.f('ix_notice_complaint_id'))

    op.drop_table('notice')


def _seed_settings():
    from datetime import datetime

    now = datetime.now().replace(microsecond=0)
    setting = sa.table("setting", sa.column("key"), sa.column("value"), sa.column("created_at"),
                       sa.column("updated_at"))
    existing = {row[0] for row in op.get_bind().execute(sa.select(setting.c.key))}
    op.bulk_insert(setting, [{"key": k, "value": v, "created_at": now, "updated_at": now}
                             for k, v in SETTING_DEFAULTS if k not in existing])


def _make_archive_immutable():
    """Issued notices and their PDF bytes can be inserted, never updated or deleted."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION notice_archive_immutable() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'archived notices are immutable (%)', TG_TABLE_NAME;
            END $$ LANGUAGE plpgsql
        """)
        for table in ARCHIVE_TABLES:
            op.execute(f"""
                CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION notice_archive_immutable()
            """)
            op.execute(f"""
                CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION notice_archive_immutable()
            """)
    else:
        for table in ARCHIVE_TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"""
                    CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                    BEGIN SELECT RAISE(ABORT, 'archived notices are immutable'); END
                """)
