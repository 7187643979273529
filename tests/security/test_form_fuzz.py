"""Random values in the complaint registration form: never a server error; either the
complaint is saved valid, or the form comes back refused and nothing at all was saved."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from panel.complaints.history import ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.core.validation import normalise_phone, normalise_plate
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import department

junk = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789-+.,:/ 京川粤ABCXYZ<>\"'&;%\\"),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=40,
)


# field -> (good values, doubtful values)
FIELDS = {
    "received_at": (["2026-11-20 09:30:00"], ["2026-11-20", "2999-01-01 00:00:00", "昨天"]),
    "channel": (["hotline", "walk_in", "wechat"], ["regulator", "fax?"]),
    "regulator_name": (["", "12345 热线"], ["市消协" * 30]),
    "complainant_name": (["李四", "欧阳娜娜", "<script>alert(1)</script>"], [" ", "名" * 41]),
    "complainant_phone": (["13912345678", "+86 139 1234 5678", "028-86123456"], ["110"]),
    "plate_number": (["川A12345", "粤BD12345", "川a·12345", ""], ["川I12345"]),
    "content": (["更换的轮胎一周后鼓包", "司机绕路\r\n多收费"], ["   "]),
    "category": (["product_quality", "repair_quality", "driver_service"], ["quality"]),
    "amount_claimed": (["0", "3000", "1,200.50"], ["-1", "1e9", "NaN", "0.001"]),
    "people_count": (["1", "12"], ["0", "-3", "abc", "1.5"]),
    "flag_media": (["y", ""], ["maybe"]),
    "flag_safety": (["y", ""], []),
    "severity": (["special_major"], ["general", "extreme"]),
    "urgency": (["normal", "urgent"], ["asap"]),
    "complained_department": (["DEPT"], ["999999", "x"]),
}
anything = st.one_of(junk, st.just(""), st.just("9" * 3000), st.none())


def bad(field: str):
    return st.one_of(st.sampled_from(FIELDS[field][1] or [""]), anything)


GOOD_FORM = st.fixed_dictionaries({k: st.sampled_from(good) for k, (good, _) in FIELDS.items()})
ONE_BAD_FIELD = st.sampled_from(sorted(FIELDS)).flatmap(
    lambda field: st.tuples(GOOD_FORM, bad(field)).map(lambda t: {**t[0], field: t[1]})
)
MESSY_FORM = st.fixed_dictionaries(
    {k: st.one_of(st.sampled_from(good), bad(k)) for k, (good, _) in FIELDS.items()}
)
FORM = st.one_of(GOOD_FORM, ONE_BAD_FIELD, MESSY_FORM)


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Complaint, ComplaintTransition, AuditEntry)
    )


FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_random_registration_forms_never_crash_or_half_save(login_as):
    client = login_as(Role.CLERK)
    token = csrf_token(client.get("/admin/complaint/new/").text)
    sh = str(department("SH").id)

    @FUZZ
    @given(FORM)
    def post_one(form):
        form = {key: value for key, value in form.items() if value is not None}
        if form.get("complained_department") == "DEPT":
            form["complained_department"] = sh
        before = counts()
        response = client.post("/admin/complaint/new/", data={**form, "csrf_token": token})
        after = counts()
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert after[0] == before[0] + 1
            assert_saved_valid(db.session.scalar(select(Complaint).order_by(Complaint.id.desc())))
        else:
            assert after == before  # refused: no complaint, no timeline, no audit row
            assert "alert-danger" in response.text or "invalid-feedback" in response.text

    post_one()


def assert_saved_valid(complaint: Complaint) -> None:
    assert complaint.number and complaint.content.strip()
    assert normalise_phone("phone", complaint.complainant_phone) == complaint.complainant_phone
    assert normalise_plate("plate", complaint.plate_number) == complaint.plate_number
    assert complaint.amount_claimed >= 0
    assert complaint.people_count >= 1
