"""The work-order API: a token per source, idempotent on (source, ticket number), changes
recorded as updates, errors in Chinese field by field; on both databases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from panel.complaints import operations as process
from panel.complaints.enums import Channel, Severity, Status
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.intake.models import WorkOrder, WorkOrderUpdate
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from tests.fixtures.people import user_of
from tests.fixtures.process import advance
from tests.intake.conftest import WORK_ORDER, token_of

URL = "/api/v1/work-orders"


def complaints() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_a_work_order_becomes_a_registered_transferred_complaint(api):
    token = token_of("12345")
    response = api("POST", URL, WORK_ORDER, token)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["result"] == "created" and body["status_label"] == "已登记"
    complaint = db.session.scalar(select(Complaint).filter_by(number=body["complaint_number"]))
    assert complaint.channel is Channel.REGULATOR
    assert complaint.regulator_name.startswith("12345")
    assert complaint.received_at == datetime(2026, 12, 1, 9, 30)
    assert complaint.regulator_reply_due_at == datetime(2026, 12, 4, 17, 30)
    assert complaint.severity is Severity.MAJOR  # transferred by a regulator
    assert complaint.complainant_phone == "13812345678"
    assert complaint.recorded_by.username == "工单接口"


def test_the_same_work_order_twice_is_the_same_complaint(api):
    token = token_of("12345")
    first = api("POST", URL, WORK_ORDER, token).json
    before = complaints()
    again = api("POST", URL, {**WORK_ORDER, "phone": "138 1234 5678"}, token)
    assert again.status_code == 200
    assert again.json["result"] == "unchanged"
    assert again.json["complaint_number"] == first["complaint_number"]
    assert complaints() == before


def test_a_changed_work_order_is_recorded_as_an_update(api):
    token = token_of("12345")
    number = api("POST", URL, WORK_ORDER, token).json["complaint_number"]
    changed = {
        **WORK_ORDER,
        "content": "补充：异响在冷车启动时更明显。",
        "reply_due_at": "2026-12-05 17:30",
    }
    response = api("POST", URL, changed, token)
    assert response.status_code == 200
    assert response.json["result"] == "updated"
    assert response.json["complaint_number"] == number
    assert set(response.json["changes"]) == {"content", "reply_due_at"}
    complaint = db.session.scalar(select(Complaint).filter_by(number=number))
    assert complaint.content.startswith("补充")
    assert complaint.regulator_reply_due_at == datetime(2026, 12, 5, 17, 30)
    update = db.session.scalar(select(WorkOrderUpdate))
    assert update.changes["content"][1].startswith("补充")
    assert db.session.scalar(select(WorkOrder)).revision == 2


def test_no_token_or_a_wrong_one_is_401(api):
    before = complaints()
    assert api("POST", URL, WORK_ORDER).status_code == 401
    response = api("POST", URL, WORK_ORDER, "pt_not-a-real-token")
    assert response.status_code == 401 and "令牌" in response.json["error"]
    assert complaints() == before


def test_a_revoked_token_is_401(api):
    from panel.intake.models import ApiToken
    from panel.intake.operations import revoke_token

    token = token_of("12345")
    revoke_token(db.session.scalar(select(ApiToken)))
    db.session.commit()
    assert api("POST", URL, WORK_ORDER, token).status_code == 401


def test_a_token_of_another_source_is_403(api):
    token = token_of("12328")
    before = complaints()
    response = api("POST", URL, WORK_ORDER, token)
    assert response.status_code == 403 and "12328" in response.json["error"]
    assert complaints() == before
    assert api("GET", f"{URL}/12345/{WORK_ORDER['ticket_no']}", token=token).status_code == 403


def test_field_errors_come_back_in_chinese_field_by_field(api):
    token = token_of("12345")
    bad = {**WORK_ORDER, "phone": "010-4577218", "plate_number": "X12", "content": None}
    del bad["complainant_name"]
    response = api("POST", URL, {**bad, "colour": "red"}, token)
    assert response.status_code == 422
    fields = response.json["fields"]
    assert set(fields) == {"complainant_name", "content", "colour"}
    assert fields["complainant_name"] == "投诉人：此项为必填项。"
    response = api(
        "POST", URL, {**WORK_ORDER, "phone": "010-4577218", "plate_number": "X12"}, token
    )
    assert response.status_code == 422
    assert "不是有效的电话号码" in response.json["fields"]["phone"]
    assert "车牌号" in response.json["fields"]["plate_number"]
    assert response.json["error"] == "工单数据有误，请按字段修改后重新提交。"
    assert (
        api("POST", URL, {**WORK_ORDER, "received_at": "昨天"}, token)
        .json["fields"]["received_at"]
        .startswith("受理时间")
    )


def test_the_source_reads_the_status_and_then_the_approved_reply(api):
    token = token_of("12345")
    number = api("POST", URL, WORK_ORDER, token).json["complaint_number"]
    url = f"{URL}/12345/{WORK_ORDER['ticket_no']}"
    body = api("GET", url, token=token).json
    assert body["complaint_number"] == number and body["status"] == "registered"
    assert body["reply"] is None
    complaint = db.session.scalar(select(Complaint).filter_by(number=number))
    advance(complaint, Status.AWAITING_APPROVAL)
    db.session.commit()
    assert api("GET", url, token=token).json["reply"] is None  # not approved yet
    for remedy in [r for r in complaint.remedies if r.status.value == "proposed"]:
        authority.decide_remedy(db.session, remedy, user_of(remedy.awaiting_role), True, "同意")
    process.move(db.session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
    db.session.commit()
    assert api("GET", url, token=token).json["reply"] == "非常抱歉，我们将免费返修。"
    assert api("GET", f"{URL}/12345/NO-SUCH", token=token).status_code == 404


def test_the_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/work-orders" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert "ticket_no" in spec["components"]["schemas"]["WorkOrderIn"]["properties"]


def test_the_api_needs_no_csrf_token_and_sets_no_cookie(api):
    response = api("POST", URL, WORK_ORDER, token_of("12345"))
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
