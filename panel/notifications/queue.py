"""The task queue: Huey, on the panel's own database kind, so nothing else needs running.

* SQLite (the development default): ``SqliteHuey`` in ``instance/queue.db``, a file apart from
  the panel's database, written without fsync — the outbox row is the record, the queue only
  says "look now" (a task lost in a crash is found by the minute's sweep).
* PostgreSQL: ``PostgresHuey`` (psycopg 3, ``LISTEN/NOTIFY``) with its ``huey_*`` tables in a
  schema of their own (``NOTIFY_QUEUE_SCHEMA``, default ``panel_queue``), which the app's
  migrations and ``flask db migrate`` never look at.
* Tests that do not test the worker: ``MemoryHuey(immediate=True)`` runs each task at once.

Huey keeps periodic crontabs in UTC; :func:`cst` turns a China Standard Time crontab into one.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, PostgresHuey, SqliteHuey, crontab
from huey.api import Huey
from huey.storage import PostgresStorage
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
_schema_lock = threading.Lock()
_handover: queue.SimpleQueue | None = None
_handover_pid: int | None = None


def cst(**fields):
    """A huey periodic-task validator for a crontab in China Standard Time (UTC+8)."""
    check = crontab(**fields)
    return lambda timestamp: check(timestamp + timedelta(hours=8))


def queue_mode(app: Flask) -> str:
    """The queue this app uses: ``NOTIFY_QUEUE`` or, for ``auto``, one from the database."""
    mode = app.config["NOTIFY_QUEUE"]
    if mode != "auto":
        return mode
    if app.testing:
        return "immediate"
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        return "postgres"
    return f"sqlite:{Path(app.instance_path) / 'queue.db'}"


def postgres_dsn(app: Flask) -> str:
    """The libpq address of the panel's PostgreSQL database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def create_huey(app: Flask) -> Huey:
    """The Huey instance of ``app`` (results are not kept: tasks report through the outbox)."""
    mode = queue_mode(app)
    name = app.config["NOTIFY_QUEUE_NAME"]
    if mode in ("immediate", "memory"):
        return MemoryHuey(name, results=False, immediate=mode == "immediate")
    if mode.startswith("sqlite:"):
        path = Path(mode.removeprefix("sqlite:"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), results=False, fsync=False, timeout=10)
    if mode == "postgres":
        schema = app.config["NOTIFY_QUEUE_SCHEMA"]
        return PostgresHuey(
            name,
            dsn=postgres_dsn(app),
            results=False,
            create_tables=False,
            options=f"-c search_path={schema}",
        )
    raise ValueError(f"NOTIFY_QUEUE: unknown queue {mode!r}")


def ensure_tables(huey: Huey, schema: str) -> None:
    """Create the PostgreSQL queue schema and tables once per process (no-op elsewhere)."""
    storage = huey.storage
    if not isinstance(storage, PostgresStorage) or getattr(storage, "_panel_ready", False):
        return
    with _schema_lock:
        if getattr(storage, "_panel_ready", False):
            return
        import psycopg

        with psycopg.connect(storage.dsn, autocommit=True) as connection:
            connection.execute("SELECT pg_advisory_lock(hashtext('panel_queue_schema'))")
            try:
                connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                connection.execute(f'SET search_path TO "{schema}"')
                for statement in storage.ddl:
                    connection.execute(statement)
            finally:
                connection.execute("SELECT pg_advisory_unlock(hashtext('panel_queue_schema'))")
        storage._panel_ready = True


def huey_of(app: Flask | None = None) -> Huey:
    app = app or current_app
    huey = app.extensions["huey"]
    ensure_tables(huey, app.config["NOTIFY_QUEUE_SCHEMA"])
    return huey


def enqueue_fan_out(event_ids: list[int]) -> None:
    """Ask the worker to route these committed events: from a thread of this process, so
    that the request which committed them does not wait for the queue (the sweep finds them
    should the process end first). An immediate queue (tests) runs the task right here."""
    app = current_app._get_current_object()
    if app.extensions["huey"].immediate:
        _fan_out_now(app, event_ids)
    else:
        _waker().put((app, event_ids))


def _fan_out_now(app: Flask, event_ids: list[int]) -> None:
    from panel.notifications.tasks import EVENT_BATCH, chunks

    huey_of(app)
    tasks = app.extensions["notifications.tasks"]
    for chunk in chunks(sorted(event_ids), EVENT_BATCH):
        tasks.fan_out(chunk)


def _waker() -> queue.SimpleQueue:
    """The process's hand-over queue and its thread (started on first use, again after a
    fork: gunicorn forks its workers after the app is built)."""
    global _handover, _handover_pid
    with _schema_lock:
        if _handover is None or _handover_pid != os.getpid():
            _handover, _handover_pid = queue.SimpleQueue(), os.getpid()
            threading.Thread(target=_hand_over, args=(_handover,), daemon=True).start()
    return _handover


def _hand_over(pending: queue.SimpleQueue) -> None:
    while True:
        app, event_ids = pending.get()
        try:
            with app.app_context():
                _fan_out_now(app, event_ids)
        except Exception:  # the sweep routes them within a minute
            log.warning("could not queue notification events %s", event_ids[:5], exc_info=True)


def enqueue_delivery(delivery_ids: list[int]) -> None:
    """Ask the worker to send these committed deliveries (after a retry in the panel)."""
    from panel.notifications.tasks import DELIVERY_BATCH, chunks

    huey_of()
    tasks = current_app.extensions["notifications.tasks"]
    for chunk in chunks(sorted(delivery_ids), DELIVERY_BATCH):
        tasks.deliver(chunk)
