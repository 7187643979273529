"""reports: monthly rollup of steps and callbacks, kept by triggers

Revision ID: 0010_report_rollup
Revises: 0009_merge_features
Create Date: 2026-11-23 04:00:00

The dashboard reads whole months of steps taken and callbacks made from ``report_rollup``
(panel/reports/rollup.py) instead of counting millions of rows. Triggers keep it exact on
every write: transitions and callbacks add or take back their count, a complaint moved to
another department moves its counts, a complaint deleted takes them back first.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_report_rollup'
down_revision = '0009_merge_features'
branch_labels = None
depends_on = None

KEY = 'month, fact, key, complained_department_id, responsible_department_id'
COLUMNS = f'{KEY}, hits, total'

# --- PostgreSQL ------------------------------------------------------------------------------
PG_MONTH = "CAST(date_trunc('month', {}) AS date)"
PG_FUNCTIONS = (
    f"""
    CREATE FUNCTION report_rollup_bump(p_month date, p_fact text, p_key text,
                                       p_complaint integer, p_hits integer, p_total integer)
    RETURNS void AS $$
        INSERT INTO report_rollup AS r ({COLUMNS})
        SELECT p_month, p_fact, p_key, coalesce(c.complained_department_id, 0),
               coalesce(c.responsible_department_id, 0), p_hits, p_total
        FROM complaint c WHERE c.id = p_complaint
        ON CONFLICT ({KEY})
        DO UPDATE SET hits = r.hits + excluded.hits, total = r.total + excluded.total
    $$ LANGUAGE sql
    """,
    f"""
    CREATE FUNCTION report_rollup_move(p_complaint integer, p_from_cd integer,
                                       p_from_rd integer, p_to_cd integer, p_to_rd integer)
    RETURNS void AS $$
        INSERT INTO report_rollup AS r ({COLUMNS})
        SELECT x.month, x.fact, x.key, d.cd, d.rd, d.sign * x.hits, d.sign * x.total
        FROM (
            SELECT {PG_MONTH.format('t.at')} AS month, 'step' AS fact,
                   coalesce(CAST(t.from_status AS text), '') AS key,
                   count(*) FILTER (WHERE t.on_time) AS hits, count(*) AS total
            FROM complaint_transition t
            WHERE t.complaint_id = p_complaint AND t.due_at IS NOT NULL
            GROUP BY 1, 3
            UNION ALL
            SELECT {PG_MONTH.format('b.at')}, 'callback', '',
                   count(*) FILTER (WHERE b.satisfied), count(*)
            FROM callback b WHERE b.complaint_id = p_complaint
            GROUP BY 1
        ) AS x
        CROSS JOIN (VALUES (p_from_cd, p_from_rd, -1), (p_to_cd, p_to_rd, 1)) AS d(cd, rd, sign)
        WHERE d.cd IS NOT NULL
        ON CONFLICT ({KEY})
        DO UPDATE SET hits = r.hits + excluded.hits, total = r.total + excluded.total
    $$ LANGUAGE sql
    """,
    f"""
    CREATE FUNCTION report_rollup_step() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.due_at IS NOT NULL THEN
            PERFORM report_rollup_bump({PG_MONTH.format('OLD.at')}, 'step',
                coalesce(CAST(OLD.from_status AS text), ''), OLD.complaint_id,
                -CAST(OLD.on_time IS TRUE AS integer), -1);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.due_at IS NOT NULL THEN
            PERFORM report_rollup_bump({PG_MONTH.format('NEW.at')}, 'step',
                coalesce(CAST(NEW.from_status AS text), ''), NEW.complaint_id,
                CAST(NEW.on_time IS TRUE AS integer), 1);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE FUNCTION report_rollup_callback() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM report_rollup_bump({PG_MONTH.format('OLD.at')}, 'callback', '',
                OLD.complaint_id, -CAST(OLD.satisfied IS TRUE AS integer), -1);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM report_rollup_bump({PG_MONTH.format('NEW.at')}, 'callback', '',
                NEW.complaint_id, CAST(NEW.satisfied IS TRUE AS integer), 1);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION report_rollup_complaint() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM report_rollup_move(OLD.id, coalesce(OLD.complained_department_id, 0),
                coalesce(OLD.responsible_department_id, 0), NULL, NULL);
            RETURN OLD;
        END IF;
        PERFORM report_rollup_move(NEW.id, coalesce(OLD.complained_department_id, 0),
            coalesce(OLD.responsible_department_id, 0),
            coalesce(NEW.complained_department_id, 0),
            coalesce(NEW.responsible_department_id, 0));
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
)
PG_TRIGGERS = (
    """CREATE TRIGGER report_rollup_step AFTER INSERT OR UPDATE OR DELETE
       ON complaint_transition FOR EACH ROW EXECUTE FUNCTION report_rollup_step()""",
    """CREATE TRIGGER report_rollup_callback AFTER INSERT OR UPDATE OR DELETE
       ON callback FOR EACH ROW EXECUTE FUNCTION report_rollup_callback()""",
    """CREATE TRIGGER report_rollup_complaint_moved
       AFTER UPDATE OF complained_department_id, responsible_department_id ON complaint
       FOR EACH ROW WHEN (
           OLD.complained_department_id IS DISTINCT FROM NEW.complained_department_id
           OR OLD.responsible_department_id IS DISTINCT FROM NEW.responsible_department_id)
       EXECUTE FUNCTION report_rollup_complaint()""",
    """CREATE TRIGGER report_rollup_complaint_deleted BEFORE DELETE ON complaint
       FOR EACH ROW EXECUTE FUNCTION report_rollup_complaint()""",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS report_rollup_step ON complaint_transition",
    "DROP TRIGGER IF EXISTS report_rollup_callback ON callback",
    "DROP TRIGGER IF EXISTS report_rollup_complaint_moved ON complaint",
    "DROP TRIGGER IF EXISTS report_rollup_complaint_deleted ON complaint",
    "DROP FUNCTION IF EXISTS report_rollup_complaint()",
    "DROP FUNCTION IF EXISTS report_rollup_callback()",
    "DROP FUNCTION IF EXISTS report_rollup_step()",
    "DROP FUNCTION IF EXISTS report_rollup_move(integer, integer, integer, integer, integer)",
    "DROP FUNCTION IF EXISTS report_rollup_bump(date, text, text, integer, integer, integer)",
)

# --- SQLite ----------------------------------------------------------------------------------
SQLITE_MONTH = "date({}, 'start of month')"
SQLITE_UPSERT = (
    f"ON CONFLICT ({KEY}) "
    "DO UPDATE SET hits = hits + excluded.hits, total = total + excluded.total"
)


def _sqlite_bump(row, fact, key, hit, sign, counted):
    """One row's count (``sign`` 1 or -1) under its complaint's departments, if ``counted``."""
    return f"""
        INSERT INTO report_rollup ({COLUMNS})
        SELECT {SQLITE_MONTH.format(row + '.at')}, '{fact}', {key},
               coalesce(c.complained_department_id, 0),
               coalesce(c.responsible_department_id, 0),
               {sign} * ({row}.{hit} IS 1), {sign}
        FROM complaint c WHERE {counted} AND c.id = {row}.complaint_id
        {SQLITE_UPSERT};"""


def _sqlite_move(row, pairs):
    """All counts of complaint ``row`` taken from / given to the department ``pairs``."""
    departments = ' UNION ALL '.join(
        f'SELECT coalesce({r}.complained_department_id, 0) AS cd, '
        f'coalesce({r}.responsible_department_id, 0) AS rd, {sign} AS sign'
        for r, sign in pairs
    )
    return f"""
        INSERT INTO report_rollup ({COLUMNS})
        SELECT x.month, x.fact, x.key, d.cd, d.rd, d.sign * x.hits, d.sign * x.total
        FROM (
            SELECT {SQLITE_MONTH.format('t.at')} AS month, 'step' AS fact,
                   coalesce(t.from_status, '') AS key,
                   sum(t.on_time IS 1) AS hits, count(*) AS total
            FROM complaint_transition t
            WHERE t.complaint_id = {row}.id AND t.due_at IS NOT NULL
            GROUP BY 1, 3
            UNION ALL
            SELECT {SQLITE_MONTH.format('b.at')}, 'callback', '', sum(b.satisfied IS 1), count(*)
            FROM callback b WHERE b.complaint_id = {row}.id
            GROUP BY 1
        ) AS x CROSS JOIN ({departments}) AS d
        WHERE true
        {SQLITE_UPSERT};"""


def _sqlite_triggers():
    step_key = "coalesce({}.from_status, '')"
    facts = (
        ('step', 'complaint_transition', 'on_time', '{}.due_at IS NOT NULL', step_key),
        ('callback', 'callback', 'satisfied', '1', "''"),
    )
    for fact, table, hit, counted, key in facts:
        parts = {
            'insert': [('NEW', 1)],
            'delete': [('OLD', -1)],
            'update': [('OLD', -1), ('NEW', 1)],
        }
        for event, rows in parts.items():
            body = ''.join(
                _sqlite_bump(row, fact, key.format(row), hit, sign, counted.format(row))
                for row, sign in rows
            )
            yield f"""
                CREATE TRIGGER report_rollup_{fact}_{event} AFTER {event.upper()} ON {table}
                BEGIN {body}
                END"""
    yield f"""
        CREATE TRIGGER report_rollup_complaint_moved
        AFTER UPDATE OF complained_department_id, responsible_department_id ON complaint
        WHEN OLD.complained_department_id IS NOT NEW.complained_department_id
          OR OLD.responsible_department_id IS NOT NEW.responsible_department_id
        BEGIN {_sqlite_move('NEW', [('OLD', -1), ('NEW', 1)])}
        END"""
    yield f"""
        CREATE TRIGGER report_rollup_complaint_deleted BEFORE DELETE ON complaint
        BEGIN {_sqlite_move('OLD', [('OLD', -1)])}
        END"""


SQLITE_TRIGGER_NAMES = (
    *(f'report_rollup_{fact}_{event}' for fact in ('step', 'callback')
      for event in ('insert', 'delete', 'update')),
    'report_rollup_complaint_moved',
    'report_rollup_complaint_deleted',
)


def _fill(month):
    """The counts of the rows already there."""
    return f"""
        INSERT INTO report_rollup ({COLUMNS})
        SELECT {month.format('t.at')}, 'step', coalesce({{status}}, ''),
               coalesce(c.complained_department_id, 0), coalesce(c.responsible_department_id, 0),
               sum(CASE WHEN t.on_time THEN 1 ELSE 0 END), count(*)
        FROM complaint_transition t JOIN complaint c ON c.id = t.complaint_id
        WHERE t.due_at IS NOT NULL
        GROUP BY 1, 3, 4, 5
        UNION ALL
        SELECT {month.format('b.at')}, 'callback', '',
               coalesce(c.complained_department_id, 0), coalesce(c.responsible_department_id, 0),
               sum(CASE WHEN b.satisfied THEN 1 ELSE 0 END), count(*)
        FROM callback b JOIN complaint c ON c.id = b.complaint_id
        GROUP BY 1, 4, 5
    """


def upgrade():
    op.create_table(
        'report_rollup',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('fact', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('complained_department_id', sa.Integer(), nullable=False),
        sa.Column('responsible_department_id', sa.Integer(), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('month', 'fact', 'key', 'complained_department_id',
                                'responsible_department_id', name=op.f('pk_report_rollup')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        for statement in (*PG_FUNCTIONS, *PG_TRIGGERS):
            op.execute(statement)
        op.execute(_fill(PG_MONTH).format(status='CAST(t.from_status AS text)'))
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)
        op.execute(_fill(SQLITE_MONTH).format(status='t.from_status'))


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for statement in PG_DROP:
            op.execute(statement)
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
    op.drop_table('report_rollup')
