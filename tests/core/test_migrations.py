"""The schema comes only from migrations, and the migrations agree with the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from panel.core.extensions import db
from tests.fixtures.database import scratch_app


def schema_differences(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


def test_migrated_test_database_matches_models(app):
    assert schema_differences(db.session.connection()) == []


@pytest.mark.committing
def test_upgrade_downgrade_upgrade_on_an_empty_database(tmp_path):
    with scratch_app(tmp_path, migrate=False) as scratch, scratch.app_context():
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


def test_constraints_are_named_by_convention(app):
    inspector = inspect(db.session.connection())
    foreign_keys = inspector.get_foreign_keys("complaint")
    assert all(fk["name"].startswith("fk_complaint_") for fk in foreign_keys)
    assert any(fk["referred_table"] == "department" for fk in foreign_keys)
