"""Business rules, below the views: they hold on every write path (form, inline, CLI, import)."""

from panel.rules.errors import RuleError


def install() -> None:
    """Attach the rule hooks to every SQLAlchemy session (idempotent)."""
    from panel.rules.hooks import install as install_hooks

    install_hooks()


__all__ = ["RuleError", "install"]
