"""The application factory and configuration by environment."""

import pytest

from panel import create_app
from panel.core.config import ConfigError, ProductionConfig, load_config


def test_testing_config(app):
    assert app.config["TESTING"]
    assert app.config["BABEL_DEFAULT_LOCALE"] == "zh_Hans_CN"


def test_default_database_is_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PANEL_INSTANCE_PATH", str(tmp_path))
    config = load_config("development")
    assert config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'panel.sqlite'}"
    # The generated key is kept, so a restart keeps sessions valid.
    assert (tmp_path / "secret_key").read_text() == config.SECRET_KEY
    assert load_config("development").SECRET_KEY == config.SECRET_KEY
    assert len(config.SECRET_KEY) >= 32


def test_production_requires_secret_key_and_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://panel@db/panel")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        ProductionConfig()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        ProductionConfig()


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app(ProductionConfig())
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.debug


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigError, match="PANEL_ENV"):
        load_config("staging")


def test_root_redirects_to_panel(client):
    response = client.get("/")
    assert response.status_code == 302
