"""The schema comes only from migrations, and the migrations agree with the models."""

import contextlib
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from panel import config as panel_config
from panel import create_app
from panel.extensions import db


def schema_differences(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


def test_migrated_test_database_matches_models(app):
    assert schema_differences(db.session.connection()) == []


@contextlib.contextmanager
def scratch_database(tmp_path):
    """An empty database of the same kind as the test database."""
    url = make_url(db.engine.url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite'}"
        return
    name = f"scratch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.committing
def test_upgrade_downgrade_upgrade_on_an_empty_database(tmp_path):
    with scratch_database(tmp_path) as url:
        config = panel_config.TestingConfig()
        config.SQLALCHEMY_DATABASE_URI = url
        scratch = create_app(config)
        with scratch.app_context():
            upgrade(revision="heads")
            tables = set(inspect(db.engine).get_table_names())
            assert {"complaint", "department", "staff", "user_account", "penalty"} <= tables
            with db.engine.connect() as connection:
                assert schema_differences(connection) == []
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade(revision="heads")
            with db.engine.connect() as connection:
                assert schema_differences(connection) == []
            db.session.remove()
            db.engine.dispose()


def test_constraints_are_named_by_convention(app):
    inspector = inspect(db.session.connection())
    foreign_keys = inspector.get_foreign_keys("complaint")
    assert all(fk["name"].startswith("fk_complaint_") for fk in foreign_keys)
    assert any(fk["referred_table"] == "department" for fk in foreign_keys)
