"""notifications: the outbox, deliveries and attempts, the routing table, addresses; evidence
files in the database

Revision ID: 0012_notifications
Revises: 0011_worktime
Create Date: 2026-12-04 11:00:00

``notification_event`` is the outbox the session hook writes in the transaction of the change
(unique ``dedupe_key``); ``notification_delivery`` one message per recipient and channel (unique
``idempotency_key``), ``notification_attempt`` every try. ``notification_route`` is seeded with
the default routing (DOMAIN.md: escalation tiers of 001, the duty manager of 001 1.4, the
summaries for the general manager); ``notification_address`` holds e-mail addresses and
mobiles. ``attachment_file`` keeps the bytes of evidence files, as ``notice_file`` keeps the
notices' (``flask --app wsgi attachments-to-db`` moves older files into it). New tables only:
no table is rebuilt, so the report rollup's triggers stay. The task queue's own tables are not
here: Huey keeps them in ``instance/queue.db`` (SQLite) or in the ``panel_queue`` schema.
"""
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = '0012_notifications'
down_revision = '0011_worktime'
branch_labels = None
depends_on = None

# The default routing table: event, channel, role, relation (no role and no relation: a group
# robot). The administrator edits it under 通知 → 通知路由.
TIER_1 = [('service_manager', None), (None, 'handler'), (None, 'recorded_by')]
TIER_2 = TIER_1 + [(None, 'department_manager')]
TIER_3 = TIER_2 + [('general_manager', None)]
ROUTES = [
    ('dispatched', 'panel', None, 'department_manager'),
    ('dispatched', 'email', None, 'department_manager'),
    ('assigned', 'panel', None, 'handler'),
    ('assigned', 'sms', None, 'handler'),
    ('approval_requested', 'panel', None, 'approver'),
    ('approval_requested', 'wecom', None, None),
    ('due_soon', 'panel', None, 'step_owner'),
    ('overdue', 'panel', None, 'step_owner'),
    ('overdue', 'panel', None, 'department_manager'),
    ('overdue', 'sms', None, 'department_manager'),
    *[('escalated_1', 'panel', role, relation) for role, relation in TIER_1],
    *[('escalated_2', 'panel', role, relation) for role, relation in TIER_2],
    ('escalated_2', 'wecom', None, None),
    *[('escalated_3', 'panel', role, relation) for role, relation in TIER_3],
    ('escalated_3', 'sms', 'general_manager', None),
    ('escalated_3', 'wecom', None, None),
    ('urgent_registered', 'panel', 'service_manager', None),
    ('urgent_registered', 'sms', 'service_manager', None),
    ('urgent_registered', 'dingtalk', None, None),
    ('out_of_hours_registered', 'panel', 'service_manager', None),
    ('out_of_hours_registered', 'sms', 'service_manager', None),
    ('out_of_hours_registered', 'dingtalk', None, None),
    ('regulator_reply_due', 'panel', None, 'recorded_by'),
    ('regulator_reply_due', 'panel', 'service_manager', None),
    ('penalty_decided', 'panel', None, 'penalised'),
    ('penalty_decided', 'sms', None, 'penalised'),
    ('weekly_summary', 'panel', 'general_manager', None),
    ('weekly_summary', 'email', 'general_manager', None),
    ('monthly_summary', 'panel', 'general_manager', None),
    ('monthly_summary', 'email', 'general_manager', None),
    ('pending_review', 'panel', 'service_manager', None),
    ('pending_review', 'panel', 'clerk', None),
]
SETTING_DEFAULTS = [
    ('notifications.due_soon_percent', '75'),
    ('notifications.escalation_tier_percents', '33,67,100'),
    ('notifications.tier_of_major', '2'),
    ('notifications.tier_of_special_major', '3'),
    ('notifications.tier_of_media', '3'),
    ('notifications.tier_of_demand', '3'),
]


def _seed():
    now = datetime.now().replace(microsecond=0)
    route = sa.table('notification_route', sa.column('event'), sa.column('channel'),
                     sa.column('role'), sa.column('relation'), sa.column('active', sa.Boolean),
                     sa.column('created_at'), sa.column('updated_at'))
    op.bulk_insert(route, [
        {'event': event, 'channel': channel, 'role': role, 'relation': relation,
         'active': True, 'created_at': now, 'updated_at': now}
        for event, channel, role, relation in ROUTES
    ])
    setting = sa.table('setting', sa.column('key'), sa.column('value'), sa.column('created_at'),
                       sa.column('updated_at'))
    op.bulk_insert(setting, [{'key': k, 'value': v, 'created_at': now, 'updated_at': now}
                             for k, v in SETTING_DEFAULTS])


def upgrade():
    op.create_table('notification_address',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('mobile', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_address_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_address')),
    sa.UniqueConstraint('user_id', name=op.f('uq_notification_address_user_id'))
    )
    op.create_table('notification_route',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event', sa.Enum('dispatched', 'assigned', 'approval_requested', 'due_soon', 'overdue', 'escalated_1', 'escalated_2', 'escalated_3', 'urgent_registered', 'out_of_hours_registered', 'regulator_reply_due', 'penalty_decided', 'weekly_summary', 'monthly_summary', 'pending_review', name='notification_route_event', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('channel', sa.Enum('panel', 'email', 'sms', 'wecom', 'dingtalk', name='notification_route_channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('role', sa.Enum('clerk', 'advisor', 'dept_manager', 'service_manager', 'general_manager', 'auditor', 'admin', name='notification_route_role', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('relation', sa.Enum('handler', 'step_owner', 'department_manager', 'approver', 'recorded_by', 'penalised', name='notification_route_relation', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(CASE WHEN role IS NULL THEN 0 ELSE 1 END) + (CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN relation IS NULL THEN 0 ELSE 1 END) <= 1', name=op.f('ck_notification_route_one_audience')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_route_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_route'))
    )
    with op.batch_alter_table('notification_route', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_route_event'), ['event'], unique=False)

    op.create_table('notification_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('dispatched', 'assigned', 'approval_requested', 'due_soon', 'overdue', 'escalated_1', 'escalated_2', 'escalated_3', 'urgent_registered', 'out_of_hours_registered', 'regulator_reply_due', 'penalty_decided', 'weekly_summary', 'monthly_summary', 'pending_review', name='notification_event_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('attachment_name', sa.String(length=120), nullable=True),
    sa.Column('attachment', sa.LargeBinary(), nullable=True),
    sa.Column('fanned_out_at', sa.DateTime(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('markdown', sa.Text(), nullable=True),
    sa.Column('short_text', sa.String(length=400), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_notification_event_complaint_id_complaint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_event')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notification_event_dedupe_key'))
    )
    with op.batch_alter_table('notification_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_event_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_event_fanned_out_at'), ['fanned_out_at'], unique=False)

    op.create_table('attachment_file',
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_attachment_file_attachment_id_attachment'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_attachment_file'))
    )
    op.create_table('notification_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('panel', 'email', 'sms', 'wecom', 'dingtalk', name='notification_channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('recipient_key', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'delivered', 'failed', name='notification_delivery_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['notification_event.id'], name=op.f('fk_notification_delivery_event_id_notification_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_delivery_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_delivery')),
    sa.UniqueConstraint('event_id', 'channel', 'recipient_key', name='event_channel_recipient'),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_notification_delivery_idempotency_key'))
    )
    with op.batch_alter_table('notification_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_delivery_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_notification_delivery_inbox', ['user_id', 'channel', 'read_at'], unique=False)
        batch_op.create_index('ix_notification_delivery_status_next', ['status', 'next_attempt_at'], unique=False)

    op.create_table('notification_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('retryable', sa.Boolean(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('worker', sa.String(length=60), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['notification_delivery.id'], name=op.f('fk_notification_attempt_delivery_id_notification_delivery'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_attempt'))
    )
    with op.batch_alter_table('notification_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_attempt_delivery_id'), ['delivery_id'], unique=False)

    _seed()


def downgrade():
    setting = sa.table('setting', sa.column('key'))
    op.execute(setting.delete().where(setting.c.key.in_([k for k, _v in SETTING_DEFAULTS])))
    with op.batch_alter_table('notification_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_attempt_delivery_id'))

    op.drop_table('notification_attempt')
    with op.batch_alter_table('notification_delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_delivery_status_next')
        batch_op.drop_index('ix_notification_delivery_inbox')
        batch_op.drop_index(batch_op.f('ix_notification_delivery_event_id'))

    op.drop_table('notification_delivery')
    op.drop_table('attachment_file')
    with op.batch_alter_table('notification_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_event_fanned_out_at'))
        batch_op.drop_index(batch_op.f('ix_notification_event_complaint_id'))

    op.drop_table('notification_event')
    with op.batch_alter_table('notification_route', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_route_event'))

    op.drop_table('notification_route')
    op.drop_table('notification_address')
