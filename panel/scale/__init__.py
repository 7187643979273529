"""Holding up at scale and under concurrency.

- :mod:`panel.scale.generate`: the ``generate-data`` command fills a database with years of
  history for load and scale tests.
- :mod:`panel.scale.indexes`: the indexes the complaint list sorts, filters and searches by.
- :mod:`panel.scale.fragments`: the menu, style sheets and scripts of the admin pages rendered
  once and reused.
- :mod:`panel.scale.listing`: the complaint list without a full count per page, with deep pages
  read through an index and search by number, plate or phone served by indexes.
- :mod:`panel.scale.lookups`: complaint drop-downs (AJAX look-ups) answered through an index.
- :mod:`panel.scale.locking`: optimistic locking of edit forms and inline edits.
- :mod:`panel.scale.readonly`: a request that only read ends with COMMIT, so the database
  driver keeps its prepared statements.
- :mod:`panel.scale.outage`: a lost database connection gives a clean page, the next request
  works.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("scale", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Indexes, page fragments, the outage handler and the ``generate-data`` command."""
    from panel.scale import fragments, indexes, outage, readonly
    from panel.scale.generate import generate_data_command

    app.jinja_env.globals.update(
        page_fragment=fragments.page_fragment,
        menu_entries_shown=fragments.menu_entries_shown,
    )

    assert indexes  # the list indexes join the metadata
    app.register_blueprint(bp)
    outage.init_app(app)
    readonly.init_app(app)
    app.cli.add_command(generate_data_command)
