"""Shared fixtures: one app per run on TEST_DATABASE_URL, each test in a rolled-back transaction."""

from __future__ import annotations

import contextlib
import re
import uuid
from decimal import Decimal

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from panel import create_app
from panel.complaints.enums import Category, Channel
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.config import TestingConfig
from panel.core.extensions import db
from panel.demo.loader import DEMO_PASSWORD, load_demo_data
from panel.organisation.models.department import Department
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User


def is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def reset_schema() -> None:
    """Empty the test database so that the migrations build it from nothing."""
    if is_postgres():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app():
    app = create_app("testing")
    with app.app_context():
        reset_schema()
        upgrade(revision="heads")
        load_demo_data(complaints=0)  # departments, staff and one user per role
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Run each test inside an outer transaction that is rolled back afterwards."""
    if "committing" in request.keywords:
        yield
        return
    connection = db.engine.connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        db.session.remove()
        db.session.configure(bind=None)
        outer.rollback()
        connection.close()


@contextlib.contextmanager
def scratch_app(tmp_path, migrate: bool = True):
    """An app on an empty database of the same kind as the test database, dropped afterwards."""
    url = make_url(db.engine.url)
    name = None
    if url.get_backend_name() == "sqlite":
        scratch_url = f"sqlite:///{tmp_path / 'scratch.sqlite'}"
    else:
        name = f"scratch_{uuid.uuid4().hex[:10]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        scratch_url = url.set(database=name).render_as_string(hide_password=False)
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = scratch_url
    scratch = create_app(config)
    try:
        if migrate:
            with scratch.app_context():
                upgrade(revision="heads")
        yield scratch
    finally:
        with scratch.app_context():
            db.session.remove()
            db.engine.dispose()
        if name:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(
                pytest.mark.skipif(
                    not _url_is_postgres(), reason="needs PostgreSQL (runs in the PostgreSQL pass)"
                )
            )


def _url_is_postgres() -> bool:
    import os

    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


class PanelClient(FlaskClient):
    """Each request gets a fresh ``g`` (login and locale caches) while the test's app context,
    and with it the test's database session, stays in place."""

    def open(self, *args, **kwargs):
        context = _cv_app.get(None)
        if context is None:
            return super().open(*args, **kwargs)
        saved = context.g
        context.g = self.application.app_ctx_globals_class()
        try:
            return super().open(*args, **kwargs)
        finally:
            context.g = saved


@pytest.fixture
def client(app):
    app.test_client_class = PanelClient
    with app.test_client() as client:
        yield client


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client, username: str, password: str = DEMO_PASSWORD):
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)},
    )
    return response


@pytest.fixture
def login_as(client):
    def _login(role: Role):
        username = user_of(role).username
        response = login(client, username)
        assert response.status_code == 302, f"login as {username} failed"
        return client

    return _login


def user_of(role: Role) -> User:
    return db.session.scalar(db.select(User).filter_by(role=role).order_by(User.id))


def department(code: str) -> Department:
    return db.session.scalar(db.select(Department).filter_by(code=code))


def staff_of(code: str) -> Staff:
    return db.session.scalar(
        db.select(Staff).join(Staff.department).filter(Department.code == code).order_by(Staff.id)
    )


@pytest.fixture
def make_complaint():
    def _make(**overrides) -> Complaint:
        values = dict(
            channel=Channel.HOTLINE,
            complainant_name="张三",
            complainant_phone="13812345678",
            plate_number="川A12345",
            content="保养后发动机异响",
            category=Category.REPAIR_QUALITY,
            complained_department=department("SH"),
            amount_claimed=Decimal("0"),
            recorded_by=user_of(Role.CLERK),
        )
        values.update(overrides)
        complaint = Complaint(**values)
        db.session.add(complaint)
        with acting_as(values["recorded_by"]):
            db.session.flush()
        return complaint

    return _make
