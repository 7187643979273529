"""worktime: working calendar, SLA rows in working or clock time, pauses, reviews, regulator due

Revision ID: 0011_worktime
Revises: 0010_report_rollup
Create Date: 2026-12-04 09:00:00

The working calendar (panel/worktime): ``work_day`` (public holidays and make-up working days,
seeded from the chinesecalendar and holidays libraries for every year they know),
``work_calendar`` with ``work_hours`` (the office calendar, Monday to Friday 08:30–17:30, and a
24×7 calendar that counts wall-clock time). Every SLA row names its calendar: the urgent rows
(10 minutes on site, 004 §五.4) and the monthly review of pending matters count clock time.
Complaints get an escalation and a reply-to-regulator due time, the out-of-hours mark and the
time paused on the customer (``complaint_pause``, ``pending_review``).

Only columns and indexes are added to ``complaint`` (no table rebuild on SQLite), so the
report rollup's triggers stay in place.
"""
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0011_worktime'
down_revision = '0010_report_rollup'
branch_labels = None
depends_on = None

OPEN = ('registered', 'dispatched', 'investigating', 'awaiting_approval', 'approved', 'replied',
        'callback_done', 'pending_customer', 'reopened')
RESOLVING = ('registered', 'dispatched', 'investigating', 'awaiting_approval', 'approved',
             'reopened')
OFFICE_HOURS = ('08:30', '17:30')
# Rows that count wall-clock time: urgent complaints (004 §五.3/§五.4) and the monthly review.
CLOCK_ROWS = ("urgency = 'urgent'", "step = 'pending_review'")
NEW_SLA_ROWS = [("dispatch", None, "urgent", 10, "004 §五.4 紧急投诉10分钟内人员到位")]
SETTINGS = [
    ("worktime.regulator_reply_days", "12345=3\n12328=3\n12315=3\n消协|消费者协会=3\n车管处|车管所=3"),
    ("worktime.due_soon_minutes", "120"),
]
REPORT_COLUMNS = ['received_at', 'status', 'closed_at', 'reopen_count', 'channel', 'category',
                  'severity', 'complained_department_id']
COMPLAINT_COLUMNS = ('escalate_due_at', 'regulator_reply_due_at', 'out_of_hours', 'paused_at',
                     'paused_seconds')


def _tables():
    op.create_table('work_calendar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('round_the_clock', sa.Boolean(), nullable=False),
    sa.Column('revision', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_calendar')),
    sa.UniqueConstraint('code', name=op.f('uq_work_calendar_code'))
    )
    op.create_table('work_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('holiday', 'makeup_workday', name='work_day_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_day')),
    sa.UniqueConstraint('day', name=op.f('uq_work_day_day'))
    )
    op.create_table('work_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('calendar_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.String(length=5), nullable=False),
    sa.Column('closes', sa.String(length=5), nullable=False),
    sa.Column('lunch_starts', sa.String(length=5), nullable=True),
    sa.Column('lunch_ends', sa.String(length=5), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_work_hours_weekday_range')),
    sa.ForeignKeyConstraint(['calendar_id'], ['work_calendar.id'], name=op.f('fk_work_hours_calendar_id_work_calendar'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_hours')),
    sa.UniqueConstraint('calendar_id', 'weekday', name='calendar_weekday')
    )
    op.create_table('complaint_pause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('step_left_seconds', sa.Integer(), nullable=True),
    sa.Column('resolve_left_seconds', sa.Integer(), nullable=True),
    sa.Column('escalate_left_seconds', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_pause_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ended_by_id'], ['user_account.id'], name=op.f('fk_complaint_pause_ended_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'], name=op.f('fk_complaint_pause_started_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_pause'))
    )
    op.create_index(op.f('ix_complaint_pause_complaint_id'), 'complaint_pause', ['complaint_id'], unique=False)
    op.create_table('pending_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_pending_review_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_pending_review_reviewed_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_review'))
    )
    op.create_index(op.f('ix_pending_review_complaint_id'), 'pending_review', ['complaint_id'], unique=False)


def _complaint_columns():
    """Plain ADD COLUMNs: SQLite keeps the table (and the report rollup's triggers on it)."""
    op.add_column('complaint', sa.Column('escalate_due_at', sa.DateTime(), nullable=True))
    op.add_column('complaint', sa.Column('regulator_reply_due_at', sa.DateTime(), nullable=True))
    op.add_column('complaint', sa.Column('out_of_hours', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('complaint', sa.Column('paused_at', sa.DateTime(), nullable=True))
    op.add_column('complaint', sa.Column('paused_seconds', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_complaint_status_resolve_due_at', 'complaint', ['status', 'resolve_due_at'])
    waiting = sa.text('regulator_replied_at IS NULL AND regulator_reply_due_at IS NOT NULL')
    op.create_index('ix_complaint_regulator_reply_due_at', 'complaint', ['regulator_reply_due_at'],
                    postgresql_where=waiting, sqlite_where=waiting)
    # The one-week closure rate leaves out the time paused: the dashboard's covering index
    # carries it, so its monthly counts still read the index alone.
    op.drop_index('ix_complaint_report', table_name='complaint')
    op.create_index('ix_complaint_report', 'complaint', [*REPORT_COLUMNS, 'paused_seconds'])


def _seed(now):
    from panel.worktime.sources import official_days, official_source

    calendars = sa.table('work_calendar', sa.column('id', sa.Integer), sa.column('code'),
                         sa.column('name'), sa.column('round_the_clock', sa.Boolean),
                         sa.column('revision'), sa.column('created_at'), sa.column('updated_at'))
    op.bulk_insert(calendars, [
        {'id': 1, 'code': 'office', 'name': '办公时间（周一至周五 8:30–17:30）',
         'round_the_clock': False, 'revision': 'seeded-office', 'created_at': now,
         'updated_at': now},
        {'id': 2, 'code': '24x7', 'name': '全天候（24×7，按自然时间）', 'round_the_clock': True,
         'revision': 'seeded-24x7', 'created_at': now, 'updated_at': now},
    ])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("SELECT setval(pg_get_serial_sequence('work_calendar', 'id'), 2)")
    hours = sa.table('work_hours', sa.column('calendar_id'), sa.column('weekday'),
                     sa.column('opens'), sa.column('closes'), sa.column('created_at'),
                     sa.column('updated_at'))
    op.bulk_insert(hours, [
        {'calendar_id': 1, 'weekday': weekday, 'opens': OFFICE_HOURS[0],
         'closes': OFFICE_HOURS[1], 'created_at': now, 'updated_at': now}
        for weekday in range(5)
    ])
    days = sa.table('work_day', sa.column('day', sa.Date), sa.column('kind'), sa.column('name'),
                    sa.column('source'), sa.column('created_at'), sa.column('updated_at'))
    rows = []
    for year in range(2004, date.today().year + 2):
        source = official_source(year)
        if source is None:
            continue
        rows += [{'day': day, 'kind': kind, 'name': name[:60], 'source': source[:60],
                  'created_at': now, 'updated_at': now}
                 for day, kind, name in official_days(year)]
    op.bulk_insert(days, rows)
    return rows


def _sla_calendars(now):
    op.add_column('sla_policy', sa.Column('calendar_id', sa.Integer(), nullable=True))
    op.execute('UPDATE sla_policy SET calendar_id = 1')
    for condition in CLOCK_ROWS:
        op.execute(f'UPDATE sla_policy SET calendar_id = 2 WHERE {condition}')
    sla = sa.table('sla_policy', sa.column('step'), sa.column('severity'), sa.column('urgency'),
                   sa.column('limit_minutes'), sa.column('source'), sa.column('calendar_id'),
                   sa.column('created_at'), sa.column('updated_at'))
    bind = op.get_bind()
    for step, severity, urgency, minutes, source in NEW_SLA_ROWS:
        taken = bind.execute(sa.text(
            'SELECT count(*) FROM sla_policy WHERE step = :s AND urgency = :u AND severity IS NULL'
        ), {'s': step, 'u': urgency}).scalar()
        if not taken:
            op.bulk_insert(sla, [{'step': step, 'severity': severity, 'urgency': urgency,
                                  'limit_minutes': minutes, 'source': source, 'calendar_id': 2,
                                  'created_at': now, 'updated_at': now}])
    with op.batch_alter_table('sla_policy', schema=None) as batch_op:
        batch_op.alter_column('calendar_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_sla_policy_calendar_id_work_calendar'),
                                    'work_calendar', ['calendar_id'], ['id'], ondelete='RESTRICT')
    setting = sa.table('setting', sa.column('key'), sa.column('value'), sa.column('created_at'),
                       sa.column('updated_at'))
    op.bulk_insert(setting, [{'key': k, 'value': v, 'created_at': now, 'updated_at': now}
                             for k, v in SETTINGS])


def _backfill(days):
    """Open complaints get their escalation and regulator due times (3 working days of the
    office calendar) and the out-of-hours mark; closed ones keep their history as it was."""
    from panel.worktime.calendar import WorkingCalendar
    from panel.worktime.rules import due_at, is_business_time

    calendar = WorkingCalendar.from_data([(row['day'], row['kind']) for row in days])
    bind = op.get_bind()
    statuses = ', '.join(f"'{s}'" for s in OPEN)
    rows = bind.execute(sa.text(
        f'SELECT id, received_at, channel FROM complaint WHERE status IN ({statuses})'
    )).all()
    three_days = timedelta(days=3)
    updates = [
        {'id': cid,
         'escalate': due_at(received, three_days, calendar),
         'regulator': due_at(received, three_days, calendar) if channel == 'regulator' else None,
         'out': not is_business_time(received, calendar)}
        for cid, received, channel in rows if isinstance(received, datetime)
    ]
    if updates:
        bind.execute(sa.text(
            'UPDATE complaint SET escalate_due_at = :escalate, regulator_reply_due_at = :regulator,'
            ' out_of_hours = :out WHERE id = :id'
        ), updates)


def upgrade():
    now = datetime.now().replace(microsecond=0)
    _tables()
    _complaint_columns()
    days = _seed(now)
    _sla_calendars(now)
    _backfill(days)


def downgrade():
    op.execute("DELETE FROM setting WHERE key LIKE 'worktime.%'")
    op.execute("DELETE FROM sla_policy WHERE step = 'dispatch' AND urgency = 'urgent' "
               "AND severity IS NULL AND limit_minutes = 10")
    with op.batch_alter_table('sla_policy', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sla_policy_calendar_id_work_calendar'),
                                 type_='foreignkey')
        batch_op.drop_column('calendar_id')
    op.drop_index('ix_complaint_report', table_name='complaint')
    op.create_index('ix_complaint_report', 'complaint', REPORT_COLUMNS)
    op.drop_index('ix_complaint_regulator_reply_due_at', table_name='complaint')
    op.drop_index('ix_complaint_status_resolve_due_at', table_name='complaint')
    for column in reversed(COMPLAINT_COLUMNS):  # SQLite 3.35+ drops a column in place
        op.execute(f'ALTER TABLE complaint DROP COLUMN {column}')
    op.drop_index(op.f('ix_pending_review_complaint_id'), table_name='pending_review')
    op.drop_table('pending_review')
    op.drop_index(op.f('ix_complaint_pause_complaint_id'), table_name='complaint_pause')
    op.drop_table('complaint_pause')
    op.drop_table('work_hours')
    op.drop_table('work_day')
    op.drop_table('work_calendar')
