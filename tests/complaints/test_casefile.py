"""The complaint page reads like a case file; its buttons follow what the user may do."""

import re
from datetime import timedelta

import pytest

from panel.complaints.enums import Status
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import advance, propose, switch_to


def steps(html: str) -> list[str]:
    return re.findall(r'data-step="(\w+)"', html)


def test_deadlines_show_the_time_left_and_turn_red_when_late(login_as, ours):
    client = login_as(Role.CLERK)
    page = client.get(f"/admin/complaint/details/?id={ours.id}").text
    assert 'data-deadline="step_due_at"' in page and "剩余" in page
    with clock.travel_to(ours.step_due_at + timedelta(hours=3)):
        late = client.get(f"/admin/complaint/details/?id={ours.id}").text
    assert "已逾期 3 小时" in late and 'data-testid="overdue"' in late


@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.CLERK, ["dispatched", "invalid", "upload"]),
        (Role.ADVISOR, ["upload"]),
        (Role.DEPT_MANAGER, ["dispatched", "invalid", "fault", "upload"]),
        (Role.AUDITOR, []),
        (Role.ADMIN, []),
    ],
    ids=lambda v: getattr(v, "value", ""),
)
def test_buttons_appear_only_for_steps_the_user_may_take(login_as, ours, role, expected):
    page = login_as(role).get(f"/admin/complaint/details/?id={ours.id}").text
    assert steps(page) == expected


def test_handler_sees_the_callback_form_only_after_the_reply(login_as, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    db.session.commit()
    client = login_as(Role.CLERK)
    clerk_page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    assert "callback" in steps(clerk_page)
    response = client.post(
        f"/admin/complaint/step/{complaint.id}",
        data={
            "csrf_token": csrf_token(clerk_page),
            "op": "callback",
            "satisfied": "no",
            "comment": "仍有异响",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    again = db.session.get(type(complaint), complaint.id)
    assert again.status is Status.REOPENED
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    assert "仍有异响" in re.search(r'data-testid="callbacks">(.*?)</ul>', page, re.S).group(1)


def test_remedies_penalties_and_amounts_are_hidden_from_the_administrator(login_as, ours):
    advance(ours, Status.INVESTIGATING)
    propose(ours, amount="1500")
    db.session.commit()
    client = login_as(Role.GENERAL_MANAGER)
    manager = client.get(f"/admin/complaint/details/?id={ours.id}").text
    assert "¥1,500.00" in manager and 'data-testid="penalties"' in manager
    assert "索赔金额" in manager
    admin = switch_to(client, Role.ADMIN)
    page = admin.get(f"/admin/complaint/details/?id={ours.id}").text
    assert "¥1,500.00" not in page and "data-remedy" not in page
    assert 'data-testid="penalties"' not in page and "索赔金额" not in page
    assert "1,500" not in admin.get("/admin/remedy/").text
