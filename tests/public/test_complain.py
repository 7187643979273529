"""The public complaint form (website and WeChat menu): the customer's facts arrive as a
registered complaint with the right channel, the customer gets its number."""

from __future__ import annotations

import io

from panel.complaints.enums import Channel, Status
from panel.complaints.evidence import Attachment
from panel.complaints.models import Complaint
from panel.core.extensions import db
from tests.complaints.test_attachments import png
from tests.fixtures.clients import csrf_token
from tests.public.conftest import challenge_answer

FACTS = {
    "complainant_name": "李女士",
    "complainant_phone": "139 1234 5678",
    "plate_number": "川a·88888",
    "content": "保养后空调不制冷，三次返修未解决。",
    "customer_demand": "退还保养费用",
}


def submit(client, path="/complain", facts=FACTS, answer=None, address="203.0.113.9", **extra):
    page = client.get(path, environ_base={"REMOTE_ADDR": address}, **extra)
    data = {
        **facts,
        "csrf_token": csrf_token(page.text),
        "answer": answer if answer is not None else challenge_answer(page.text),
        "via": "wechat" if "wechat" in path else "web",
    }
    return client.post(
        "/complain", data=data, environ_base={"REMOTE_ADDR": address},
        content_type="multipart/form-data", **extra,
    )  # fmt: skip


def newest() -> Complaint:
    return db.session.scalar(db.select(Complaint).order_by(Complaint.id.desc()))


def test_a_web_complaint_is_registered_and_numbered(client):
    response = submit(client)
    assert response.status_code == 302
    done = client.get(response.headers["Location"])
    complaint = newest()
    assert complaint.number in done.text
    assert complaint.status is Status.REGISTERED
    assert complaint.channel is Channel.WEBSITE
    assert complaint.complainant_phone == "13912345678" and complaint.plate_number == "川A88888"
    assert complaint.recorded_by.username == "客户自助服务"


def test_the_wechat_menu_link_gives_the_wechat_channel(client):
    assert submit(client, "/complain?via=wechat").status_code == 302
    assert newest().channel is Channel.WECHAT
    agent = {"headers": {"User-Agent": "Mozilla/5.0 MicroMessenger/8.0"}}
    assert submit(client, address="203.0.113.10", **agent).status_code == 302
    assert newest().channel is Channel.WECHAT


def test_a_wrong_check_answer_registers_nothing(client):
    before = newest()
    response = submit(client, answer="99")
    assert response.status_code == 400 and "验证题" in response.text
    assert newest() == before


def test_the_honeypot_and_a_bad_phone_are_refused(client):
    before = newest()
    assert submit(client, facts={**FACTS, "website": "http://spam"}).status_code == 400
    response = submit(client, facts={**FACTS, "complainant_phone": "010-4577218"})
    assert response.status_code == 400 and "不是有效的电话号码" in response.text
    assert newest() == before


def test_a_photo_goes_into_the_case_file(client, app, tmp_path):
    app.config["ATTACHMENT_ROOT"] = str(tmp_path)
    photo = (io.BytesIO(png()), "空调.png")
    response = submit(client, facts={**FACTS, "photo": photo})
    assert response.status_code == 302
    stored = db.session.scalar(db.select(Attachment).filter_by(complaint_id=newest().id))
    assert stored.file_name == "空调.png" and stored.content_type == "image/png"


def test_a_file_that_is_no_photo_is_refused(client):
    before = newest()
    response = submit(client, facts={**FACTS, "photo": (io.BytesIO(b"MZ\x90\x00"), "a.png")})
    assert response.status_code == 400 and "不是照片" in response.text
    assert newest() == before


def test_five_complaints_an_hour_per_address(client):
    for _ in range(5):
        assert submit(client, address="192.0.2.50").status_code == 302
    response = submit(client, address="192.0.2.50")
    assert response.status_code == 429 and "过于频繁" in response.text


def test_the_form_needs_its_csrf_token(client):
    response = client.post("/complain", data={**FACTS, "answer": "1"})
    assert response.status_code == 400
