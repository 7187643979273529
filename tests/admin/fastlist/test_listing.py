"""The complaint list at scale: prefix search on indexed columns, a count that never reads the
whole table, pages that neither overlap nor skip, department scoping kept, no N+1 queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, text

from panel.complaints.admin import ComplaintView
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.organisation.settings import forget_cached_settings
from tests.fixtures.people import department, staff_of, user_of
from tests.fixtures.process import advance


@pytest.fixture
def register(make_complaint):
    def _register(**values):
        made = make_complaint(**values)
        db.session.commit()
        return made

    return _register


def listed(html: str) -> list[str]:
    return re.findall(r"TS-\d{8}-\d{4,}", html)


def list_count(html: str) -> str:
    match = re.search(r'nav-link active">[^<(]*\(([^)]*)\)', html)
    return match.group(1) if match else ""


def test_search_by_the_start_of_number_plate_phone_or_name(login_as, register):
    a = register(
        plate_number="川A12345", complainant_phone="13811112222", complainant_name="王小明"
    )
    b = register(
        plate_number="川B54321", complainant_phone="13922223333", complainant_name="李大伟"
    )
    client = login_as(Role.CLERK)

    def search(term):
        return set(listed(client.get("/admin/complaint/", query_string={"search": term}).text))

    assert search(a.number) == {a.number}
    assert search(a.number.lower().replace("-", "", 1)) == {a.number}  # ts20261123-0001
    assert search("川a123") == {a.number}  # plate, any case
    assert search("139222") == {b.number}  # phone prefix
    assert search("+86 13811112222".replace(" ", "")) == {a.number}
    assert search("李大") == {b.number}  # name prefix
    assert search("川B 王小明") == set()  # every word must match
    page = client.get("/admin/complaint/").text
    assert "车牌号" in page and "从开头匹配" in page  # the box says what it searches


def test_search_is_a_prefix_match_served_by_an_index(app):
    """No ``ILIKE '%…%'`` over cast columns: each word is ``col LIKE 'prefix%'``."""
    from panel.admin.fastlist.search import conditions

    sql = " ".join(
        str(c.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        for c in conditions("TS-20261123 川A1 138 张")
    ).replace("%%", "%")
    assert "complaint.number LIKE 'TS-20261123%' ESCAPE '/'" in sql
    assert "complaint.plate_number LIKE '川A1%'" in sql
    assert "complaint.complainant_phone LIKE '138%'" in sql
    assert "complaint.complainant_name LIKE '张%'" in sql
    assert "lower" not in sql.lower() and "CAST" not in sql


def test_a_big_result_is_counted_only_up_to_the_cap(app, login_as, register, monkeypatch):
    for _ in range(4):
        register(complainant_name="批量客户")
    view = complaint_view(app)
    monkeypatch.setattr(ComplaintView, "count_cap", 2)
    query = view.get_count_query().filter(Complaint.complainant_name == "批量客户")
    count = view._count(query, needed=1)
    assert str(count) == "2+" and count > 2  # "more than two", and the pager offers a next page
    monkeypatch.setattr(ComplaintView, "count_cap", 100)
    html = login_as(Role.CLERK).get("/admin/complaint/", query_string={"search": "批量"}).text
    assert list_count(html) == "4"


def complaint_view(app):
    return next(v for v in app.extensions["admin"][0]._views if v.endpoint == "complaint")


@pytest.mark.postgres_only
def test_the_unfiltered_list_of_a_big_table_shows_the_estimate(login_as, register, monkeypatch):
    for _ in range(3):
        register()
    db.session.execute(text("ANALYZE complaint"))
    monkeypatch.setattr(ComplaintView, "estimate_from", 0)
    monkeypatch.setattr(ComplaintView, "estimate_cache_seconds", 0)
    html = login_as(Role.CLERK).get("/admin/complaint/").text
    assert list_count(html) == "约 3"


def test_pages_neither_overlap_nor_skip_rows_received_at_the_same_moment(login_as, register):
    same = clock.now().replace(second=0) - timedelta(days=2)  # within the receipt window
    made = [register(received_at=same, complainant_name=f"同时{i}") for i in range(5)]
    client = login_as(Role.CLERK)
    seen = []
    for page in range(3):
        html = client.get(
            "/admin/complaint/", query_string={"search": "同时", "page": page, "page_size": 2}
        ).text
        seen += listed(html)
    newest_first = [c.number for c in sorted(made, key=lambda c: c.id, reverse=True)]
    assert seen == newest_first


def test_filters_by_status_and_department(login_as, register):
    ours = advance(register(), Status.DISPATCHED)
    theirs = register(complained_department=department("XS"), complained_staff=staff_of("XS"))
    db.session.commit()
    client = login_as(Role.CLERK)
    view = next(
        v for v in client.application.extensions["admin"][0]._views if v.endpoint == "complaint"
    )

    def arg(column, kind):
        index, flt = next(
            (i, f)
            for i, f in enumerate(view._filters)
            if getattr(f.column, "key", None) == column and type(f).__name__ == kind
        )
        return view.get_filter_arg(index, flt)

    status_arg = arg("status", "FilterEqual")
    dept_arg = arg("complained_department_id", "IntEqualFilter")
    by_status = client.get("/admin/complaint/", query_string={f"flt0_{status_arg}": "dispatched"})
    assert ours.number in by_status.text and theirs.number not in by_status.text
    by_dept = client.get(
        "/admin/complaint/", query_string={f"flt0_{dept_arg}": department("XS").id}
    ).text
    assert theirs.number in by_dept and ours.number not in by_dept
    assert "销售部" in by_dept  # the department drop-down lists the departments by name


def test_department_roles_still_see_only_their_department(login_as, register):
    ours = register()
    theirs = register(complained_department=department("XS"), complained_staff=staff_of("XS"))
    html = login_as(Role.ADVISOR).get("/admin/complaint/").text
    assert ours.number in html and theirs.number not in html
    assert list_count(html) == "1"


def test_the_list_runs_the_same_few_queries_for_5_or_25_rows(app, login_as, register, monkeypatch):
    monkeypatch.setattr(ComplaintView, "filter_cache_seconds", 1e9)  # no refresh mid-test
    client = login_as(Role.CLERK)
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement.split("FROM", 1)[-1][:60])

    def queries_for_list() -> list[str]:
        db.session.expire_all()  # the test's session outlives requests: start each one alike
        forget_cached_settings(db.session)
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert (
                client.get("/admin/complaint/", query_string={"page_size": 50}).status_code == 200
            )
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return sorted(statements)

    for i in range(5):
        register(handler=user_of(Role.ADVISOR) if i % 2 else None)
    queries_for_list()  # warm the caches
    few = queries_for_list()
    for i in range(20):
        register(handler=user_of(Role.ADVISOR) if i % 2 else None)
    assert queries_for_list() == few


@pytest.mark.parametrize("column", ["number", "received_at", "severity", "status"])
def test_every_sort_pages_without_overlap(login_as, register, column):
    same = clock.now().replace(second=0) - timedelta(days=2)  # within the receipt window
    made = {register(received_at=same, complainant_name=f"排序{i}").number for i in range(5)}
    client = login_as(Role.CLERK)
    view = complaint_view(client.application)
    index = next(i for i, (name, _) in enumerate(view._list_columns) if name == column)
    seen = []
    for page in range(3):
        html = client.get(
            "/admin/complaint/",
            query_string={"search": "排序", "page": page, "page_size": 2, "sort": index, "desc": 1},
        ).text
        seen += listed(html)
    assert sorted(seen) == sorted(made) and len(seen) == len(made)


def test_each_row_links_to_its_own_complaint(login_as, register):
    made = [register(complainant_name=f"链接{i}") for i in range(3)]
    html = login_as(Role.CLERK).get("/admin/complaint/", query_string={"search": "链接"}).text
    for complaint in made:
        assert f"/admin/complaint/details/?id={complaint.id}&amp;url=" in html
        assert f"/admin/complaint/edit/?id={complaint.id}&amp;url=" in html
        assert f'data-pk="{complaint.id}@' in html
