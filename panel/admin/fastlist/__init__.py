"""Holding up at scale and under concurrency.

- :mod:`panel.demo.generator.command`: the ``generate-data`` command fills a database with years of
  history for load and scale tests.
- :mod:`panel.complaints.indexes`: the indexes the complaint list sorts, filters and searches by.
- :mod:`panel.admin.fragments`: the menu, style sheets and scripts of the admin pages rendered
  once and reused.
- :mod:`panel.admin.fastlist.listing`: the complaint list without a full count per page, with
  deep pages read through an index and search by number, plate or phone served by indexes.
- :mod:`panel.admin.fastlist.lookups`: complaint drop-downs (AJAX look-ups) answered through
  an index.
- :mod:`panel.admin.locking`: optimistic locking of edit forms and inline edits.
- :mod:`panel.core.readonly`: a request that only read ends with COMMIT, so the database
  driver keeps its prepared statements.
- :mod:`panel.admin.outage`: a lost database connection gives a clean page, the next request
  works.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("scale", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Indexes, page fragments, the outage handler and the ``generate-data`` command."""
    from panel.admin import fragments, outage
    from panel.complaints import indexes
    from panel.core import readonly
    from panel.demo.generator.command import generate_data_command

    app.jinja_env.globals.update(
        page_fragment=fragments.page_fragment,
        menu_entries_shown=fragments.menu_entries_shown,
    )

    assert indexes  # the list indexes join the metadata
    app.register_blueprint(bp)
    outage.init_app(app)
    readonly.init_app(app)
    app.cli.add_command(generate_data_command)
