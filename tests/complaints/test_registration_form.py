"""The registration form as a clerk meets it: severity by the criteria on the first save, every
error at once and in Chinese, only the fields the kind of business uses, the live verdict of
the criteria, and a reminder when the demand reads like a promise."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from panel.complaints.enums import Severity, Urgency
from panel.complaints.models import Complaint
from panel.complaints.rules.intake import history_import
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role
from panel.organisation.settings import BUSINESS_KIND
from tests.admin.forms import form_with
from tests.core.english import english_on
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import switch_to
from tests.fixtures.people import user_of

NEW = "/admin/complaint/new/"


def received(hours_ago: float = 1) -> str:
    return f"{clock.now() - timedelta(hours=hours_ago):%Y-%m-%d %H:%M:%S}"


def blank_form(client) -> dict[str, str]:
    """The registration form as the browser would post it untouched."""
    return form_with(client.get(NEW).text, "complainant_name")


def filled(client, **values) -> dict[str, str]:
    form = blank_form(client)
    form.update(
        received_at=received(),
        channel="hotline",
        complainant_name="欧阳娜",
        complainant_phone="13912345678",
        plate_number="川A7B2C9",
        content="保养后变速箱异响，返修两次未解决",
        category="repair_quality",
    )
    form.update(values)
    return form


def earlier(make_complaint) -> Complaint:
    """A complaint by the same caller three days ago: the next one is a repeat."""
    complaint = make_complaint(
        complainant_phone="13912345678",
        plate_number="川A11111",
        received_at=clock.now() - timedelta(days=3),
    )
    db.session.commit()
    return complaint


def newest() -> Complaint:
    return db.session.scalar(select(Complaint).order_by(Complaint.id.desc()))


def set_business(kind: str) -> None:
    row = db.session.get(Setting, BUSINESS_KIND) or Setting(key=BUSINESS_KIND)
    row.value = kind
    db.session.add(row)
    db.session.commit()


# --- severity by the criteria ---------------------------------------------------------------


def test_severity_and_urgency_start_with_the_criteria_not_general(login_as):
    form = blank_form(login_as(Role.CLERK))
    assert form["severity"] == "__None" and form["urgency"] == "__None"


def test_a_repeat_caller_with_a_media_flag_registers_on_the_first_save_as_major(
    login_as, make_complaint
):
    earlier(make_complaint)
    client = login_as(Role.CLERK)
    response = client.post(NEW, data=filled(client, flag_media="y"))
    assert response.status_code == 302, response.text
    complaint = newest()
    assert complaint.severity is Severity.MAJOR and complaint.urgency is Urgency.URGENT
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    reasons = re.search(r'data-testid="severity-reasons">(.*?)</div>', page, re.S).group(1)
    assert "媒体介入" in reasons and "重复投诉" in reasons


def test_a_clerk_may_raise_the_severity_but_not_lower_it(login_as):
    client = login_as(Role.CLERK)
    assert client.post(NEW, data=filled(client, severity="special_major")).status_code == 302
    assert newest().severity is Severity.SPECIAL_MAJOR
    response = client.post(
        NEW, data=filled(client, flag_police="y", severity="general", complainant_phone="")
    )
    assert response.status_code == 200
    field = re.search(r'id="severity".*?invalid-feedback">(.*?)</div>', response.text, re.S)
    assert field and "只有管理人员可以降级" in field.group(1)  # under the field itself


def test_a_manager_lowers_the_severity_with_a_reason(login_as):
    client = login_as(Role.SERVICE_MANAGER)
    form = filled(
        client,
        flag_police="y",
        severity="general",
        severity_lowered_reason="民警仅到场调解，无执法",
        complainant_phone="",
    )
    assert client.post(NEW, data=form).status_code == 302
    complaint = newest()
    assert complaint.severity is Severity.GENERAL
    assert complaint.severity_computed is Severity.MAJOR
    assert complaint.severity_lowered_by.role is Role.SERVICE_MANAGER


# --- every error at once, in Chinese --------------------------------------------------------


def test_four_bad_fields_are_reported_together_in_chinese(login_as):
    client = login_as(Role.CLERK)
    before = db.session.scalar(select(db.func.count()).select_from(Complaint))
    form = filled(
        client,
        complainant_name="",
        complainant_phone="12345",
        plate_number="川A123",
        received_at=received(hours_ago=-48),  # two days ahead
        customer_demand="尽快修好",
    )
    page = client.post(NEW, data=form).text
    summary = re.search(r'data-testid="form-errors">(.*?)</div>', page, re.S).group(1)
    assert "有 4 处需要改正" in summary
    items = re.findall(r"<li>(.*?)</li>", summary)
    assert len(items) == 4
    assert "受理时间" in items[0] and "不能在将来" in items[0]  # in the form's order
    assert "投诉人" in items[1]
    assert "不是有效的电话号码" in items[2] and "不是有效的车牌号" in items[3]
    assert english_on(page) == []  # no "Failed to create record." nor any other English
    assert "尽快修好" in page  # the clerk's input is kept
    assert db.session.scalar(select(db.func.count()).select_from(Complaint)) == before


def test_the_banner_is_chinese_too(login_as):
    client = login_as(Role.CLERK)
    page = client.post(NEW, data=filled(client, complainant_name="")).text
    assert "未能创建：请改正下面标出的字段。" in page


# --- 受理时间 within a sane window ------------------------------------------------------------


@pytest.mark.parametrize("days_ago", [91, 365 * 126])  # 1900-01-01 is 126 years back
def test_an_old_receipt_is_refused_in_the_form(login_as, days_ago):
    client = login_as(Role.CLERK)
    page = client.post(NEW, data=filled(client, received_at=received(days_ago * 24))).text
    assert "早于登记时间 90 天以上" in page


# --- the kind of business -------------------------------------------------------------------


def ids_of(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]* id="([a-z_]+)"', html))


def test_a_repair_shop_sees_no_trip_and_a_taxi_company_no_repair_order(login_as):
    client = login_as(Role.CLERK)
    set_business("维修厂")
    shop = ids_of(client.get(NEW).text)
    assert {"plate_number", "vehicle_model", "repair_order_no"} <= shop
    assert not {"trip_at", "trip_route"} & shop
    set_business("出租车")
    taxi = client.get(NEW).text
    assert {"plate_number", "trip_at", "trip_route"} <= ids_of(taxi)
    assert not {"vehicle_model", "repair_order_no"} & ids_of(taxi)
    assert "乘车信息" in taxi


def test_a_business_with_both_chooses_per_complaint(login_as):
    set_business("兼营")
    page = login_as(Role.CLERK).get(NEW).text
    assert {"vehicle_model", "trip_at"} <= ids_of(page)
    assert 'name="_desk_kind"' in page


def test_a_stored_trip_stays_on_a_dealer_s_edit_form(login_as, make_complaint):
    complaint = make_complaint(trip_route="春熙路—双流机场")
    db.session.commit()
    set_business("dealer")
    page = login_as(Role.CLERK).get(f"/admin/complaint/edit/?id={complaint.id}").text
    assert "trip_route" in ids_of(page) and "trip_at" not in ids_of(page)


# --- the live verdict and the promise warning ----------------------------------------------


def classify(client, **values):
    return client.post("/admin/complaint/classify/", data=filled(client, **values))


def test_the_live_verdict_names_the_criteria(login_as, make_complaint):
    earlier(make_complaint)
    client = login_as(Role.CLERK)
    html = classify(client, flag_lawyer="y", amount_claimed="2500").get_json()["html"]
    assert 'data-computed="major"' in html and 'data-urgency="urgent"' in html
    for reason in ("律师介入", "索赔金额 ¥2,500.00 达到 ¥2,000.00", "重复投诉"):
        assert reason in html
    calm = classify(client, complainant_phone="13700001111", plate_number="").get_json()["html"]
    assert 'data-computed="general"' in calm and "未触及重大投诉的判定条件" in calm


def test_a_promise_in_the_demand_gets_a_gentle_warning(login_as):
    client = login_as(Role.CLERK)
    html = classify(client, customer_demand="免收工时费 ¥300").get_json()["html"]
    assert 'data-promise="customer_demand"' in html and "000 §五.6" in html
    demand = classify(client, customer_demand="要求赔偿误工费").get_json()["html"]
    assert "data-promise" not in demand  # the customer's own demand is no promise
    response = client.post(NEW, data=filled(client, customer_demand="已答应免收工时费 ¥300"))
    assert response.status_code == 302  # only a reminder: the complaint is registered
    assert "读起来像是对客户的承诺" in client.get(response.headers["Location"]).text


def test_the_live_verdict_is_for_those_who_register_with_a_valid_token(login_as):
    clerk = login_as(Role.CLERK)
    assert clerk.post("/admin/complaint/classify/", data={"csrf_token": "x"}).status_code == 400
    auditor = switch_to(clerk, Role.AUDITOR)
    token = csrf_token(auditor.get("/admin/").text)
    response = auditor.post("/admin/complaint/classify/", data={"csrf_token": token})
    assert response.status_code == 403


def test_an_imported_old_complaint_can_still_be_edited(login_as, make_complaint):
    with history_import(db.session):
        old = make_complaint(
            received_at=clock.now() - timedelta(days=400),
            recorded_by=user_of(Role.SERVICE_MANAGER),
        )
    db.session.commit()
    client = login_as(Role.CLERK)
    edit = f"/admin/complaint/edit/?id={old.id}"
    form = form_with(client.get(edit).text, "complainant_name")
    form["customer_demand"] = "补寄发票"
    assert client.post(edit, data=form).status_code == 302  # the old receipt is not re-judged
    db.session.refresh(old)
    assert old.customer_demand == "补寄发票"
