"""The demo dataset: believable, complete, idempotent."""

from sqlalchemy import func, select

from panel.complaints.enums import Category, Channel, Severity, Status
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.demo.loader import DEMO_USERS, load_demo_data
from panel.organisation.models.department import Department
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role


def test_demo_data_covers_every_vocabulary_and_is_idempotent():
    added = load_demo_data(complaints=100)
    assert added == 100
    assert load_demo_data(complaints=100) == 0
    assert load_demo_data(complaints=100, only_if_empty=True) == 0
    complaints = list(db.session.scalars(select(Complaint)))
    assert len(complaints) == 100
    assert {c.channel for c in complaints} == set(Channel)
    assert {c.category for c in complaints} == set(Category)
    assert {c.severity for c in complaints} == set(Severity)
    assert {c.status for c in complaints} == set(Status)
    assert len({c.number for c in complaints}) == 100
    assert db.session.scalar(select(func.count()).select_from(Department)) == 8
    drivers = db.session.scalar(select(func.count()).select_from(Staff).filter_by(is_driver=True))
    assert drivers == 20


def test_one_demo_user_per_role():
    assert {role for _name, role, _dept, _pos in DEMO_USERS} == set(Role)


def test_demo_clerk_sees_demo_complaints(login_as):
    load_demo_data(complaints=30)
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/")
    assert page.status_code == 200
    numbers = db.session.scalars(select(Complaint.number).order_by(Complaint.received_at.desc()))
    assert next(iter(numbers)) in page.text


def test_demo_company_letterhead_lets_notices_print(login_as):
    from panel.notices.settings import company_details

    load_demo_data(complaints=20)
    assert company_details(db.session).name == "蓉城汽车服务集团有限公司"
