"""Engine set-up per database kind."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from panel.core.extensions import db


def init_database(app: Flask) -> None:
    """Bind Flask-SQLAlchemy and give SQLite real transactions and foreign keys."""
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite opens transactions lazily and breaks SAVEPOINT; take control of BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A connection about to write asks for the write lock at once (execution option
        # ``sqlite_immediate``): a transaction that reads first and writes later can deadlock
        # with another writer, and SQLite then fails it at once instead of waiting.
        immediate = connection.get_execution_options().get("sqlite_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
