"""Time the complaint list at 1,000,000 complaints, ours against a stock Flask-Admin view.

    .venv/bin/python benchmarks/complaint_list.py [--complaints 1000000] [--runs 31]
        [--database-url postgresql+psycopg://...]   # reuse a database instead of a throwaway

Starts a throwaway PostgreSQL server (or uses ``--database-url``), migrates it, loads the demo
organisation and fills it with ``panel.demo.generator.command`` up to ``--complaints``. Then,
through
the app's own request handling (Flask test client, logged in as the clerk, who sees every
complaint), it times five list requests on the panel's complaint view and the same five on a
stock ``flask_admin.contrib.sqla.ModelView(Complaint, db)`` mounted in the same app for the run.
The stock view gets only what the same requests need — the newest-first default sort, the
status and department filters, the same searchable columns — and otherwise Flask-Admin's
defaults: a full ``count(*)`` per page, ``OFFSET`` paging, ``ILIKE '%term%'`` search.

Requests: first page; page 500; filtered by status (closed) and complained department;
search by a plate; search by a complaint number. Prints median and p95 per request and view;
the last line is ``first_ms=.. deep_ms=.. filter_ms=.. search_ms=.. deep_ratio=..`` (our
medians; ``search_ms`` is the slower of the two searches; ``deep_ratio`` = stock ÷ ours on
page 500). Targets: each median ≤ 20 ms, each p95 ≤ 50 ms, deep_ratio ≥ 10.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database, fill_to, login, panel_app, percentile  # noqa: E402


def time_request(client, url: str, runs: int) -> tuple[float, float]:
    for _ in range(2):  # warm caches and compiled statements
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return statistics.median(samples), percentile(samples, 0.95)


def filter_args(view, wanted: list[tuple[str, str, str]]) -> dict[str, str]:
    """URL arguments for filters named by (column key, filter class name, value)."""
    args = {}
    for position, (column, kind, value) in enumerate(wanted):
        for index, flt in enumerate(view._filters):
            if getattr(flt.column, "key", None) == column and type(flt).__name__ == kind:
                args[f"flt{position}_{view.get_filter_arg(index, flt)}"] = value
                break
        else:
            raise LookupError(f"{view.endpoint}: no {kind} filter on {column}")
    return args


def stock_view():
    from flask_admin.contrib.sqla import ModelView

    from panel.complaints.models import Complaint
    from panel.core.extensions import db

    class StockComplaintView(ModelView):
        column_default_sort = ("received_at", True)
        column_filters = ("status", "complained_department_id")
        column_searchable_list = (
            "number",
            "plate_number",
            "complainant_phone",
            "complainant_name",
        )

    return StockComplaintView(Complaint, db, endpoint="stock_complaint", url="/stock/complaint")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from sqlalchemy import select

    from panel.complaints.enums import Status
    from panel.complaints.models import Complaint
    from panel.core.extensions import db
    from panel.organisation.models.department import Department

    with database(args.database_url) as url:
        app = panel_app(url)
        stock = stock_view()
        app.extensions["admin"][0].add_view(stock)
        with app.app_context():
            fill_to(db, args.complaints)
            ours = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "complaint")
            after_sales = db.session.scalar(select(Department.id).filter_by(code="SH"))
            sample = db.session.execute(
                select(Complaint.number, Complaint.plate_number)
                .where(Complaint.plate_number.is_not(None))
                .order_by(Complaint.id)
                .offset(args.complaints // 2)
                .limit(1)
            ).one()
            db.session.remove()
        status, dept = "status", "complained_department_id"
        our_filter = [(status, "FilterEqual", Status.CLOSED.value)]
        # Flask-Admin's own enum filter takes the member name.
        stock_filter = [(status, "EnumEqualFilter", Status.CLOSED.name)]
        for chosen in (our_filter, stock_filter):
            chosen.append((dept, "IntEqualFilter", after_sales))
        requests = {
            "first": ({}, {}),
            "deep": ({"page": 500}, {"page": 500}),
            "filter": (filter_args(ours, our_filter), filter_args(stock, stock_filter)),
            "search_plate": ({"search": sample.plate_number}, {"search": sample.plate_number}),
            "search_number": ({"search": sample.number}, {"search": sample.number}),
        }  # fmt: skip
        client = app.test_client()
        login(client, "clerk")
        results = {}
        for name, (our_args, stock_args) in requests.items():
            our_url = "/admin/complaint/?" + urlencode(our_args)
            stock_url = "/stock/complaint/?" + urlencode(stock_args)
            results[name] = (
                time_request(client, our_url, args.runs),
                time_request(client, stock_url, max(5, args.runs // 3)),
            )
            (om, op), (sm, sp) = results[name]
            print(
                f"{name:14} ours median {om:6.1f} ms p95 {op:6.1f} | stock median {sm:7.1f} ms "
                f"p95 {sp:7.1f} | x{sm / om:.1f}",
                flush=True,
            )
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    ours_median = {name: result[0][0] for name, result in results.items()}
    deep_ratio = results["deep"][1][0] / results["deep"][0][0]
    search = max(ours_median["search_plate"], ours_median["search_number"])
    print(
        f"first_ms={ours_median['first']:.1f} deep_ms={ours_median['deep']:.1f} "
        f"filter_ms={ours_median['filter']:.1f} search_ms={search:.1f} deep_ratio={deep_ratio:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
