"""A believable demo dataset: a dealer group with a 4S store, a repair shop and a taxi fleet;
and years of generated history for scale and load tests (:mod:`panel.demo.generator`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The ``load-demo`` and ``generate-data`` commands."""
    from panel.demo.cli import load_demo
    from panel.demo.generator.command import generate_data_command

    app.cli.add_command(load_demo)
    app.cli.add_command(generate_data_command)
