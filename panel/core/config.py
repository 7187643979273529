"""Configuration, one class per environment. Values come from the environment at start-up."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the panel refuses to start."""


def _instance_dir() -> Path:
    return Path(os.environ.get("PANEL_INSTANCE_PATH", Path.cwd() / "instance")).resolve()


def _dev_secret_key(instance: Path) -> str:
    """Keep a generated key under instance/ so sessions survive restarts in development."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Development defaults: SQLite under instance/, generated secret key."""

    ENV_NAME = "development"
    TESTING = False
    DEBUG = False
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans_CN", "en")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=7)  # "remember me" lasts a week, not a year
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    PANEL_TIMEZONE = "Asia/Shanghai"
    PANEL_PAGE_SIZE = 20
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    PASSWORD_HASH_METHOD = "scrypt"

    def __init__(self) -> None:
        self.INSTANCE_PATH = str(_instance_dir())
        self.SQLALCHEMY_DATABASE_URI = self._database_url()
        self.SECRET_KEY = self._secret_key()
        # Reverse proxies in front of the panel whose X-Forwarded-For/-Proto are trusted.
        self.TRUSTED_PROXIES = int(os.environ.get("PANEL_TRUSTED_PROXIES", "0"))

    def _database_url(self) -> str:
        url = os.environ.get("DATABASE_URL")
        if url:
            return url
        instance = Path(self.INSTANCE_PATH)
        instance.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance / 'panel.sqlite'}"

    def _secret_key(self) -> str:
        return os.environ.get("SECRET_KEY") or _dev_secret_key(Path(self.INSTANCE_PATH))


class TestingConfig(Config):
    """The test suite: the database comes from TEST_DATABASE_URL or an in-memory SQLite."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY_DEFAULT = "testing-secret-key"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashing keeps the suite quick

    def __init__(self) -> None:
        if "PANEL_INSTANCE_PATH" not in os.environ:  # never write into a developer's instance/
            os.environ["PANEL_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="panel-test-")
        super().__init__()

    def _database_url(self) -> str:
        return os.environ.get("TEST_DATABASE_URL", "sqlite://")

    def _secret_key(self) -> str:
        return self.SECRET_KEY_DEFAULT


class ProductionConfig(Config):
    """Production: SECRET_KEY and DATABASE_URL are required, cookies are Secure."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    def _database_url(self) -> str:
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise ConfigError("DATABASE_URL must be set in production")
        return url

    def _secret_key(self) -> str:
        key = os.environ.get("SECRET_KEY")
        if not key or len(key) < 32:
            raise ConfigError("SECRET_KEY (at least 32 characters) must be set in production")
        return key


CONFIGS = {"development": Config, "testing": TestingConfig, "production": ProductionConfig}


def load_config(name: str | None = None) -> Config:
    """Pick the configuration named by the argument or PANEL_ENV (default: development)."""
    name = name or os.environ.get("PANEL_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise ConfigError(f"Unknown PANEL_ENV {name!r}; use one of {', '.join(CONFIGS)}") from None
