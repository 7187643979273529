"""Field validation: the same rules on the model (every write path) and through the form."""

from decimal import Decimal

import pytest

from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.validation import normalise_amount, normalise_phone, normalise_plate
from panel.organisation.models.user import Role
from tests.admin.test_csrf import VALID_FORM, count_complaints
from tests.fixtures.clients import csrf_token


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("028-86123456", "028-86123456"),
        ("02886123456", "02886123456"),
        ("0838-2212345", "0838-2212345"),
        ("400-800-8820", "400-800-8820"),
        ("", None),
    ],
)
def test_valid_phones(raw, expected):
    assert normalise_phone("电话", raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["12345678901", "1381234567", "138123456789", "86123456", "028-0612345", "abc", "1381234567x"],
)
def test_invalid_phones_name_the_field(raw):
    with pytest.raises(RuleError, match="投诉人电话"):
        normalise_phone("投诉人电话", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("川A12345", "川A12345"),
        ("川a·12345", "川A12345"),
        ("粤BD12345", "粤BD12345"),  # new-energy small car, 8 characters
        ("粤B12345D", "粤B12345D"),  # new-energy large vehicle
        ("京A1234学", "京A1234学"),
        ("沪AF1234", "沪AF1234"),
    ],
)
def test_valid_plates(raw, expected):
    assert normalise_plate("车牌号", raw) == expected


@pytest.mark.parametrize(
    "raw", ["川A1234", "川A123456", "AB12345", "川AO1234", "川AI1234", "川A12345DD", "X川12345"]
)
def test_invalid_plates_name_the_field(raw):
    with pytest.raises(RuleError, match="车牌号"):
        normalise_plate("车牌号", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0", Decimal("0.00")),
        ("1,234.5", Decimal("1234.50")),
        ("9999999.99", Decimal("9999999.99")),
    ],
)
def test_valid_amounts(raw, expected):
    assert normalise_amount("索赔金额", raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("-1", "不能为负数"),
        ("10000000", "不能超过"),
        ("1.234", "两位小数"),
        ("abc", "不是有效金额"),
        ("NaN", "不是有效金额"),
    ],
)
def test_invalid_amounts(raw, message):
    with pytest.raises(RuleError, match=f"索赔金额.*{message}|{message}"):
        normalise_amount("索赔金额", raw)


def test_model_rejects_bad_values_on_any_write_path(make_complaint):
    complaint = make_complaint()
    with pytest.raises(RuleError, match="投诉人电话"):
        complaint.complainant_phone = "12345"
    with pytest.raises(RuleError, match="索赔金额"):
        complaint.amount_claimed = Decimal("-5")
    with pytest.raises(RuleError, match="投诉人数"):
        complaint.people_count = 0


def test_required_and_length_checked_at_flush(make_complaint):
    with pytest.raises(RuleError, match="请填写投诉人"):
        make_complaint(complainant_name="  ")
    db.session.rollback()
    with pytest.raises(RuleError, match="投诉内容过长：最多 4000 个字"):
        make_complaint(content="长" * 4001)
    db.session.rollback()
    with pytest.raises(RuleError, match="车型过长"):
        make_complaint(vehicle_model="车" * 61)


def test_text_is_trimmed(make_complaint):
    complaint = make_complaint(complainant_name="  王五  ")
    assert complaint.complainant_name == "王五"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("complainant_phone", "12345", "投诉人电话：“12345”不是有效的电话号码"),
        ("plate_number", "川A123", "车牌号：“川A123”不是有效的车牌号"),
        ("amount_claimed", "-3", "索赔金额（元）不能为负数"),
        ("amount_claimed", "12.345", "索赔金额（元）最多保留两位小数"),
        ("content", "字" * 4001, "投诉内容过长"),
        ("complainant_name", "", "请填写投诉人"),
    ],
)
def test_form_shows_chinese_message_keeps_input_saves_nothing(login_as, field, value, message):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/new/")
    before = count_complaints()
    form = {
        **VALID_FORM,
        "customer_demand": "请尽快处理我的问题",
        field: value,
        "csrf_token": csrf_token(page.text),
    }
    response = client.post("/admin/complaint/new/", data=form)
    assert response.status_code == 200
    assert message in response.text
    assert "请尽快处理我的问题" in response.text  # what the user typed is still there
    assert count_complaints() == before


def test_form_saves_normalised_values(login_as):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/new/")
    form = {
        **VALID_FORM,
        "complainant_phone": "+86 139 1234 5678",
        "plate_number": "粤bd12345",
        "amount_claimed": "1,200.5",
        "csrf_token": csrf_token(page.text),
    }
    assert client.post("/admin/complaint/new/", data=form).status_code == 302
    saved = db.session.scalar(db.select(Complaint).order_by(Complaint.id.desc()))
    assert saved.complainant_phone == "13912345678"
    assert saved.plate_number == "粤BD12345"
    assert saved.amount_claimed == Decimal("1200.50")
    assert saved.recorded_by.role is Role.CLERK
    assert saved.number.startswith("TS-")
