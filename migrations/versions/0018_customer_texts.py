"""customer texts: a receipt to the complainant when a complaint is registered, a survey link
when it is replied

Revision ID: 0018_customer_texts
Revises: 0017_merge_heads
Create Date: 2026-12-04 10:30:00

New event kinds ``customer_receipt`` and ``customer_survey`` and a new relation ``complainant``
in the routing table (CHECK-constrained strings), the routing lines that send both by SMS and
the quiet hours of texts to customers as settings (21:00–08:00).
On SQLite the two tables are rebuilt (``migrations/env.py`` turns foreign keys off while
migrating, or dropping the old ``notification_event`` would delete its deliveries).
"""
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = '0018_customer_texts'
down_revision = '0017_merge_heads'
branch_labels = None
depends_on = None

KINDS = ['dispatched', 'assigned', 'approval_requested', 'due_soon', 'overdue', 'escalated_1',
         'escalated_2', 'escalated_3', 'urgent_registered', 'out_of_hours_registered',
         'regulator_reply_due', 'penalty_decided', 'weekly_summary', 'monthly_summary',
         'pending_review']
RELATIONS = ['handler', 'step_owner', 'department_manager', 'approver', 'recorded_by',
             'penalised']
CHECKS = [  # table, column, constraint name (by the naming convention)
    ('notification_route', 'event', 'ck_notification_route_notification_route_event'),
    ('notification_route', 'relation', 'ck_notification_route_notification_route_relation'),
    ('notification_event', 'kind', 'ck_notification_event_notification_event_kind'),
]


SETTINGS = [('notifications.customer_quiet_from', '21'),
            ('notifications.customer_quiet_until', '8')]
NEW = {'relation': ['complainant'], 'event': ['customer_receipt', 'customer_survey'],
       'kind': ['customer_receipt', 'customer_survey']}


def _values(column, new):
    base = RELATIONS if column == 'relation' else KINDS
    return base + NEW[column] if new else base


def _recheck(new):
    for table in ('notification_route', 'notification_event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name_table, column, name in CHECKS:
                if name_table != table:
                    continue
                allowed = ', '.join(f"'{value}'" for value in _values(column, new))
                batch_op.drop_constraint(op.f(name), type_='check')
                batch_op.create_check_constraint(op.f(name), f'{column} IN ({allowed})')


def upgrade():
    _recheck(new=True)
    now = datetime.now().replace(microsecond=0)
    route = sa.table('notification_route', sa.column('event'), sa.column('channel'),
                     sa.column('relation'), sa.column('active', sa.Boolean),
                     sa.column('created_at'), sa.column('updated_at'))
    op.bulk_insert(route, [{'event': event, 'channel': 'sms', 'relation': 'complainant',
                            'active': True, 'created_at': now, 'updated_at': now}
                           for event in ('customer_receipt', 'customer_survey')])
    setting = sa.table('setting', sa.column('key'), sa.column('value'), sa.column('created_at'),
                       sa.column('updated_at'))
    op.bulk_insert(setting, [{'key': key, 'value': value, 'created_at': now, 'updated_at': now}
                             for key, value in SETTINGS])


def downgrade():
    receipts = ("SELECT id FROM notification_event "
                "WHERE kind IN ('customer_receipt', 'customer_survey')")
    op.execute("DELETE FROM notification_attempt WHERE delivery_id IN (SELECT id FROM "
               f"notification_delivery WHERE event_id IN ({receipts}))")
    op.execute(f"DELETE FROM notification_delivery WHERE event_id IN ({receipts})")
    op.execute("DELETE FROM notification_event "
               "WHERE kind IN ('customer_receipt', 'customer_survey')")
    op.execute("DELETE FROM notification_route "
               "WHERE event IN ('customer_receipt', 'customer_survey') OR relation = 'complainant'")
    op.execute("DELETE FROM setting WHERE key IN "
               "('notifications.customer_quiet_from', 'notifications.customer_quiet_until')")
    _recheck(new=False)
