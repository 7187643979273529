"""The notice pages for each role: issue, download, settings, ledger, batch printing."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.notices import settings
from panel.notices.models import Notice, NoticeBatch
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import user_of
from tests.notices.conftest import COMPANY, page_texts, pdf_text, walk_to


def log_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})


def notices():
    return db.session.scalars(db.select(Notice).order_by(Notice.id)).all()


def post_issue(client, kind, subject_id, back="/admin/notices/"):
    token = csrf_token(client.get("/admin/notices/").text)
    return client.post(
        "/admin/notices/issue",
        data={"csrf_token": token, "kind": kind, "subject_id": subject_id, "back": back},
    )


def test_clerk_issues_and_downloads_the_customer_notice(company, approved_complaint, login_as):
    client = login_as(Role.CLERK)
    listing = client.get("/admin/complaint/").text
    assert f"/admin/notices/complaint/{approved_complaint.id}" in listing  # the print link
    page = client.get(f"/admin/notices/complaint/{approved_complaint.id}").text
    assert "投诉处理结果告知书" in page and "出具第1版" in page
    assert "仅用于监管部门转办的投诉" in page  # the regulator letter, refused with its reason

    back = f"/admin/notices/complaint/{approved_complaint.id}"
    response = post_issue(client, "customer_result", approved_complaint.id, back)
    assert response.status_code == 302 and response.location == back
    [notice] = notices()
    page = client.get(back).text
    assert f"已出具投诉处理结果告知书 {notice.number}（第1版）" in page
    assert "出具第2版" in page

    download = client.get(f"/admin/notice/download/{notice.id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["X-Content-SHA256"] == notice.sha256
    assert hashlib.sha256(download.data).hexdigest() == notice.sha256
    assert notice.filename in download.headers["Content-Disposition"]
    assert "刘䶮" in pdf_text(download.data)


def test_a_post_without_the_csrf_token_issues_nothing(company, approved_complaint, login_as):
    client = login_as(Role.CLERK)
    form = {"kind": "customer_result", "subject_id": approved_complaint.id}
    response = client.post("/admin/notices/issue", data=form)
    assert response.status_code == 302 and notices() == []


def test_refusals_are_shown_and_nothing_is_archived(company, make_complaint, login_as):
    complaint = make_complaint()
    client = login_as(Role.CLERK)
    post_issue(client, "customer_result", complaint.id)
    assert "须在处理方案和答复获批准后才能出具" in client.get("/admin/notices/").text
    post_issue(client, "ledger", complaint.id)
    assert notices() == []


def test_auditor_downloads_but_never_issues(company, approved_complaint, login_as):
    from panel.notices.kinds import NoticeKind
    from panel.notices.rules import issue_notice

    notice = issue_notice(
        db.session, NoticeKind.CUSTOMER_RESULT, approved_complaint, user_of(Role.CLERK)
    )
    client = login_as(Role.AUDITOR)
    assert notice.number in client.get("/admin/notice/").text
    assert client.get(f"/admin/notice/download/{notice.id}").status_code == 200
    assert client.get(f"/admin/notices/complaint/{approved_complaint.id}").status_code == 403
    token = csrf_token(client.get("/admin/notice/").text)
    response = client.post(
        "/admin/notices/issue",
        data={"csrf_token": token, "kind": "customer_result", "subject_id": approved_complaint.id},
    )
    assert response.status_code == 403 and len(notices()) == 1
    assert (
        f"/admin/notices/complaint/{approved_complaint.id}"
        not in client.get("/admin/complaint/").text
    )


def test_archive_has_no_create_edit_or_delete(company, make_complaint, login_as):
    from panel.notices.kinds import NoticeKind
    from panel.notices.rules import issue_notice

    clerk = user_of(Role.CLERK)
    notice = issue_notice(db.session, NoticeKind.REGISTRATION, make_complaint(), clerk)
    client = login_as(Role.GENERAL_MANAGER)
    token = csrf_token(client.get("/admin/notice/").text)
    assert client.get("/admin/notice/new/").status_code == 403
    assert client.get(f"/admin/notice/edit/?id={notice.id}").status_code == 403
    response = client.post("/admin/notice/delete/", data={"id": notice.id, "csrf_token": token})
    assert response.status_code == 403 and notices() == [notice]
    details = client.get(f"/admin/notice/details/?id={notice.id}").text
    assert notice.sha256 in details


def test_manager_issues_the_ledger_clerk_may_not(company, make_complaint, login_as):
    complaint = make_complaint()
    today = complaint.received_at.date().isoformat()
    client = login_as(Role.CLERK)
    page = client.get("/admin/notices/").text
    assert 'data-testid="ledger-form"' not in page
    form = {"csrf_token": csrf_token(page), "period_from": today, "period_to": today}
    assert client.post("/admin/notices/ledger", data=form).status_code == 403

    log_out(client)
    client = login_as(Role.DEPT_MANAGER)
    page = client.get("/admin/notices/").text
    form["csrf_token"] = csrf_token(page)
    assert client.post("/admin/notices/ledger", data=form).status_code == 302
    [notice] = notices()
    assert notice.kind.value == "ledger" and complaint.number in pdf_text(
        client.get(f"/admin/notice/download/{notice.id}").data
    )


def png(colour="red", size=(300, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, format="PNG")
    return out.getvalue()


def test_admin_edits_the_settings_and_uploads_a_seal(app, approved_complaint, login_as, tmp_path):
    app.instance_path, saved = str(tmp_path), app.instance_path
    try:
        client = login_as(Role.ADMIN)
        page = client.get("/admin/notice-settings/").text
        bad = {**COMPANY, settings.HOTLINE: "12345", "csrf_token": csrf_token(page)}
        page = client.post("/admin/notice-settings/", data=bad).text
        assert "客服热线" in page and "不是有效的电话号码" in page
        assert settings.company_details(db.session).name == ""

        form = {**COMPANY, "csrf_token": csrf_token(page), "seal": (io.BytesIO(png()), "s.png")}
        response = client.post("/admin/notice-settings/", data=form)
        assert response.status_code == 302
        details = settings.company_details(db.session)
        assert details.name == COMPANY[settings.COMPANY_NAME] and details.seal_file
        assert (tmp_path / "notices" / details.seal_file).is_file()
        page = client.get("/admin/notice-settings/").text
        assert 'data-testid="seal-preview"' in page
        assert client.get("/admin/notice-settings/seal").mimetype == "image/jpeg"

        junk = {**COMPANY, "csrf_token": csrf_token(page), "seal": (io.BytesIO(b"%PDF"), "x.png")}
        assert "请上传 PNG 或 JPEG 图片" in client.post("/admin/notice-settings/", data=junk).text

        log_out(client)
        client = login_as(Role.CLERK)
        assert client.get("/admin/notice-settings/").status_code == 403
        post_issue(client, "customer_result", approved_complaint.id)
        [notice] = notices()
        pdf = client.get(f"/admin/notice/download/{notice.id}").data
        assert b"/Subtype /Image" in pdf and notice.size <= 300 * 1024
    finally:
        app.instance_path = saved


def run_batch(client, complaint_ids, kind):
    token = csrf_token(client.get("/admin/complaint/").text)
    response = client.post(
        "/admin/complaint/action/",
        data={"csrf_token": token, "action": "batch_print", "rowid": complaint_ids},
    )
    assert response.status_code == 302 and "/admin/notices/batch/" in response.location
    page = client.get(response.location).text
    token = csrf_token(page)
    batch_url = response.location
    client.post(f"{batch_url}/kind", data={"csrf_token": token, "kind": kind})
    progress = {"finished": False}
    while not progress["finished"]:
        progress = client.post(
            f"{batch_url}/step",
            data={"csrf_token": token},
            headers={"Accept": "application/json"},
        ).json
    return batch_url, progress


def test_batch_print_merges_the_notices_and_skips_refusals(company, make_complaint, login_as):
    ready = [walk_to(make_complaint(complainant_name=n), Status.APPROVED) for n in ("甲", "乙")]
    early = make_complaint(complainant_name="丙")
    client = login_as(Role.CLERK)
    ids = [ready[0].id, early.id, ready[1].id]
    batch_url, progress = run_batch(client, ids, "customer_result")
    assert progress["position"] == progress["total"] == 3 and progress["printed"] == 2
    [[number, reason]] = progress["skipped"]
    assert number == early.number and "批准" in reason
    page = client.get(batch_url).text
    assert "已处理 3 / 3" in page and early.number in page

    merged = client.get(progress["pdf_url"])
    assert merged.status_code == 200 and merged.mimetype == "application/pdf"
    pages = page_texts(merged.data)
    assert len(pages) == 2
    assert ready[0].number in pages[0] and ready[1].number in pages[1]
    assert len(notices()) == 2

    # Printing again reprints the archived notices rather than issuing new versions.
    run_batch(client, [ready[0].id], "customer_result")
    assert len(notices()) == 2

    log_out(client)
    other = login_as(Role.SERVICE_MANAGER)
    assert other.get(batch_url).status_code == 404


def test_batch_print_is_not_offered_to_auditors(login_as, make_complaint):
    complaint = make_complaint()
    client = login_as(Role.AUDITOR)
    page = client.get("/admin/complaint/").text
    assert "批量打印" not in page
    client.post(
        "/admin/complaint/action/",
        data={"csrf_token": csrf_token(page), "action": "batch_print", "rowid": [complaint.id]},
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(NoticeBatch)) == 0


def test_downloads_follow_the_department_scope(company, make_complaint, login_as):
    from panel.notices.kinds import NoticeKind
    from panel.notices.rules import issue_notice
    from tests.fixtures.people import department

    clerk = user_of(Role.CLERK)
    other = make_complaint(complained_department=department("XS"))
    foreign = issue_notice(db.session, NoticeKind.REGISTRATION, other, clerk)
    own = issue_notice(db.session, NoticeKind.REGISTRATION, make_complaint(), clerk)
    client = login_as(Role.DEPT_MANAGER)
    assert client.get(f"/admin/notice/download/{foreign.id}").status_code == 404
    assert client.get(f"/admin/notices/complaint/{other.id}").status_code == 404
    assert client.get(f"/admin/notice/download/{own.id}").status_code == 200
    listing = client.get("/admin/notice/").text
    assert own.number in listing and foreign.number not in listing


def test_issuing_returns_only_to_a_page_of_this_site(company, make_complaint, login_as):
    complaint = make_complaint()
    client = login_as(Role.CLERK)
    for target in ("//evil.example/x", "https://evil.example/", "javascript:alert(1)"):
        response = post_issue(client, "registration", complaint.id, back=target)
        assert response.location == "/admin/notices/"


def phone_reads(complaint_id: int) -> list[str]:
    from panel.core.audit.models import AuditEntry

    rows = db.session.scalars(
        db.select(AuditEntry).filter_by(action="read", complaint_id=complaint_id)
    )
    return [row.actor_name for row in rows]


def test_internal_forms_print_the_number_as_the_issuer_sees_it(company, make_complaint, login_as):
    complaint = make_complaint(complainant_phone="13812345678")
    manager = login_as(Role.SERVICE_MANAGER)
    assert post_issue(manager, "registration", complaint.id).status_code == 302
    [notice] = notices()
    text = pdf_text(manager.get(f"/admin/notice/download/{notice.id}").data)
    assert "138****5678" in text and "13812345678" not in text
    assert phone_reads(complaint.id) == []  # nothing whole was handed over


def test_downloading_a_clerks_form_with_the_whole_number_is_recorded(
    company, make_complaint, login_as
):
    complaint = make_complaint(complainant_phone="13812345678")
    clerk = login_as(Role.CLERK)
    assert post_issue(clerk, "registration", complaint.id).status_code == 302
    [notice] = notices()
    assert "13812345678" in pdf_text(clerk.get(f"/admin/notice/download/{notice.id}").data)
    assert phone_reads(complaint.id) == []  # the clerk sees numbers whole anyway
    log_out(clerk)
    auditor = login_as(Role.AUDITOR)
    assert auditor.get(f"/admin/notice/download/{notice.id}").status_code == 200
    assert phone_reads(complaint.id) == [user_of(Role.AUDITOR).username]


def test_a_manager_reprinting_a_clerks_form_in_a_batch_is_recorded(
    company, make_complaint, login_as
):
    complaint = make_complaint(complainant_phone="13812345678")
    clerk = login_as(Role.CLERK)
    assert post_issue(clerk, "registration", complaint.id).status_code == 302
    log_out(clerk)
    manager = login_as(Role.SERVICE_MANAGER)
    _batch_url, progress = run_batch(manager, [complaint.id], "registration")
    assert len(notices()) == 1  # reprinted: the clerk's version, with the whole number
    merged = manager.get(progress["pdf_url"])
    assert "13812345678" in pdf_text(merged.data)
    assert phone_reads(complaint.id) == [user_of(Role.SERVICE_MANAGER).username]
