"""The satisfaction survey: a one-time link; the answer is the complaint's callback, and a
dissatisfied answer reopens the complaint (000 客户不满 §5)."""

from __future__ import annotations

from panel.access.system import PORTAL
from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.public.models import SurveyResponse
from panel.public.operations import invite
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import user_of
from tests.fixtures.process import advance
from tests.public.conftest import track


def answer(client, token: str, ratings, comment: str = ""):
    page = client.get(f"/survey/{token}")
    assert page.status_code == 200, page.text
    names = ("speed", "attitude", "result", "overall")
    data = dict(zip(names, map(str, ratings), strict=True))
    return client.post(
        f"/survey/{token}", data={**data, "comment": comment, "csrf_token": csrf_token(page.text)}
    )


def test_a_satisfied_answer_is_the_callback(client, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    token = invite(db.session, complaint, "notice")
    response = answer(client, token, (5, 4, 5, 5), "处理及时")
    assert response.status_code == 200 and "感谢" in response.text
    db.session.refresh(complaint)
    assert complaint.status is Status.CALLBACK_DONE
    callback = complaint.callbacks[-1]
    assert callback.satisfied and "处理及时" in callback.comment
    assert callback.by.username == PORTAL  # the self-service account, not a person
    saved = db.session.scalar(db.select(SurveyResponse).filter_by(complaint_id=complaint.id))
    assert (saved.speed, saved.attitude, saved.result, saved.overall) == (5, 4, 5, 5)
    assert saved.callback_id == callback.id and saved.via == "link"


def test_an_answer_of_one_reopens_the_complaint(client, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    token = invite(db.session, complaint, "notice")
    response = answer(client, token, (3, 3, 1, 1))
    assert "重新处理" in response.text
    db.session.refresh(complaint)
    assert complaint.status is Status.REOPENED
    assert complaint.reopen_count == 1
    assert not complaint.callbacks[-1].satisfied
    assert complaint.transitions[-1].reason.startswith("满意度调查")


def test_the_link_works_once(client, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    token = invite(db.session, complaint, "notice")
    second = invite(db.session, complaint, "track")
    answer(client, token, (5, 5, 5, 5))
    assert client.get(f"/survey/{token}").status_code == 404
    assert client.get(f"/survey/{second}").status_code == 404  # the complaint's other links too
    assert "无效或已使用" in client.get("/survey/not-a-token").text


def test_before_the_reply_the_survey_waits(client, make_complaint):
    complaint = advance(make_complaint(), Status.APPROVED)
    token = invite(db.session, complaint, "notice")
    db.session.commit()  # the refused answer rolls back the request's work only
    response = answer(client, token, (5, 5, 5, 5))
    assert response.status_code == 409 and "答复后" in response.text
    assert client.get(f"/survey/{token}").status_code == 200  # not spent


def test_the_survey_needs_every_rating(client, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    token = invite(db.session, complaint, "notice")
    page = client.get(f"/survey/{token}")
    response = client.post(
        f"/survey/{token}", data={"speed": "5", "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 400 and "1 到 5" in response.text


def test_the_callback_clerk_fills_it_in_as_themselves(client, login_as, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    token = invite(db.session, complaint, "callback")
    login_as(Role.CLERK)
    answer(client, token, (4, 4, 4, 4))
    db.session.refresh(complaint)
    assert complaint.callbacks[-1].by == user_of(Role.CLERK)


def test_the_complainant_opens_the_survey_from_the_lookup(client, make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    page = track(client, complaint.number, "5678")
    response = client.post("/track/survey", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302 and "/survey/" in response.headers["Location"]
    assert client.get(response.headers["Location"]).status_code == 200
