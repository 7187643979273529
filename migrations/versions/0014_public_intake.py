"""public intake: customer pages (progress lookup, survey, web form) and work-order intake

Revision ID: 0014_public_intake
Revises: 0011_worktime
Create Date: 2026-12-04 10:00:00

New tables only; ``complaint`` is not touched (no table rebuild on SQLite, so the report
rollup's triggers stay): ``rate_event`` (rate limits of the public pages, shared by the
workers), ``survey_invitation`` / ``survey_response`` (one-time survey links and answers),
``repeat_link`` (a complaint linked as a repeat at registration), ``intake_source`` (seeded
with the regulators, the OEM, the WeChat account and the website), ``api_token`` (one per
source system, SHA-256 only), ``work_order`` (unique per source and ticket number: the
idempotency key), ``work_order_update`` and ``intake_upload`` (its bytes in
``intake_upload_file``, out of the audit trail).
"""
import sqlalchemy as sa
from alembic import op

revision = '0014_public_intake'
down_revision = '0011_worktime'
branch_labels = None
depends_on = None

# code, name, channel, transferring authority (DOMAIN.md "Channels", 002 §8.1.1)
SOURCES = [
    ('12345', '12345 政务服务便民热线', 'regulator', '12345政务服务便民热线'),
    ('12328', '12328 交通运输服务监督电话', 'regulator', '12328交通运输服务监督电话'),
    ('12315', '12315 市场监管投诉举报热线', 'regulator', '12315市场监管投诉举报热线'),
    ('96196', '96196 汽车维修行业管理热线', 'regulator', '96196汽车维修行业管理热线'),
    ('消协', '消费者协会', 'regulator', '消费者协会'),
    ('车管处', '车管处', 'regulator', '车管处'),
    ('主机厂', '主机厂工单', 'oem_work_order', None),
    ('微信公众号', '微信公众号', 'wechat', None),
    ('网站', '公司网站', 'website', None),
]


def _seed():
    sources = sa.table('intake_source', sa.column('code'), sa.column('name'),
                       sa.column('channel'), sa.column('regulator_name'),
                       sa.column('active', sa.Boolean))
    op.bulk_insert(sources, [
        {'code': code, 'name': name, 'channel': channel, 'regulator_name': regulator,
         'active': True}
        for code, name, channel, regulator in SOURCES
    ])


def upgrade():
    op.create_table('intake_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.Enum('hotline', 'on_site', 'walk_in', 'letter_fax', 'website', 'wechat', 'oem_work_order', 'regulator', 'callback', name='intake_source_channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('regulator_name', sa.String(length=60), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_source')),
    sa.UniqueConstraint('code', name=op.f('uq_intake_source_code'))
    )
    op.create_table('rate_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('failed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_event'))
    )
    with op.batch_alter_table('rate_event', schema=None) as batch_op:
        batch_op.create_index('ix_rate_event_bucket_key_at', ['bucket', 'key', 'at'], unique=False)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_api_token_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['intake_source.id'], name=op.f('fk_api_token_source_id_intake_source'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_source_id'), ['source_id'], unique=False)

    op.create_table('intake_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['source_id'], ['intake_source.id'], name=op.f('fk_intake_upload_source_id_intake_source'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_intake_upload_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_upload'))
    )
    op.create_table('intake_upload_file',
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['upload_id'], ['intake_upload.id'], name=op.f('fk_intake_upload_file_upload_id_intake_upload'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('upload_id', name=op.f('pk_intake_upload_file'))
    )
    op.create_table('repeat_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('earlier_id', sa.Integer(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_repeat_link_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['earlier_id'], ['complaint.id'], name=op.f('fk_repeat_link_earlier_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['user_account.id'], name=op.f('fk_repeat_link_linked_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repeat_link')),
    sa.UniqueConstraint('complaint_id', 'earlier_id', name='complaint_earlier')
    )
    with op.batch_alter_table('repeat_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repeat_link_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_repeat_link_earlier_id'), ['earlier_id'], unique=False)

    op.create_table('survey_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_survey_invitation_complaint_id_complaint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_survey_invitation_token_hash'))
    )
    with op.batch_alter_table('survey_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_invitation_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('work_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('ticket_no', sa.String(length=60), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('reply_due_at', sa.DateTime(), nullable=True),
    sa.Column('via', sa.Enum('api', 'upload', 'cli', name='work_order_via', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_work_order_complaint_id_complaint'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['intake_source.id'], name=op.f('fk_work_order_source_id_intake_source'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name=op.f('fk_work_order_token_id_api_token'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_work_order_complaint_id')),
    sa.UniqueConstraint('source_id', 'ticket_no', name='source_ticket')
    )
    op.create_table('survey_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('callback_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.Column('speed', sa.Integer(), nullable=False),
    sa.Column('attitude', sa.Integer(), nullable=False),
    sa.Column('result', sa.Integer(), nullable=False),
    sa.Column('overall', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('satisfied', sa.Boolean(), nullable=False),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.CheckConstraint('attitude BETWEEN 1 AND 5', name=op.f('ck_survey_response_attitude_range')),
    sa.CheckConstraint('overall BETWEEN 1 AND 5', name=op.f('ck_survey_response_overall_range')),
    sa.CheckConstraint('result BETWEEN 1 AND 5', name=op.f('ck_survey_response_result_range')),
    sa.CheckConstraint('speed BETWEEN 1 AND 5', name=op.f('ck_survey_response_speed_range')),
    sa.ForeignKeyConstraint(['callback_id'], ['callback.id'], name=op.f('fk_survey_response_callback_id_callback'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_survey_response_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['survey_invitation.id'], name=op.f('fk_survey_response_invitation_id_survey_invitation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_response_answered_at'), ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('work_order_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('via', sa.Enum('api', 'upload', 'cli', name='work_order_update_via', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_work_order_update_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order_update'))
    )
    with op.batch_alter_table('work_order_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_order_update_work_order_id'), ['work_order_id'], unique=False)

    _seed()


def downgrade():
    with op.batch_alter_table('work_order_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_order_update_work_order_id'))

    op.drop_table('work_order_update')
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_response_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_answered_at'))

    op.drop_table('survey_response')
    op.drop_table('work_order')
    with op.batch_alter_table('survey_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_invitation_complaint_id'))

    op.drop_table('survey_invitation')
    with op.batch_alter_table('repeat_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repeat_link_earlier_id'))
        batch_op.drop_index(batch_op.f('ix_repeat_link_complaint_id'))

    op.drop_table('repeat_link')
    op.drop_table('intake_upload_file')
    op.drop_table('intake_upload')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_source_id'))

    op.drop_table('api_token')
    with op.batch_alter_table('rate_event', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_event_bucket_key_at')

    op.drop_table('rate_event')
    op.drop_table('intake_source')
