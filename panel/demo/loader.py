"""Load the demo dataset; running it again changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from panel.complaints.enums import OPEN_STATUSES, Category, Channel, Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.extensions import db
from panel.demo import pacing, penalties, people, scenarios
from panel.demo.stories import STORIES
from panel.organisation.models.department import Department
from panel.organisation.models.setting import Setting
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import User

DEMO_PASSWORD = "Demo1234"
DEMO_USERS = people.DEMO_USERS
SEED = 20261123
REGULATORS = [
    "12345 市民服务热线",
    "12328 交通运输服务监督电话",
    "消费者协会",
    "96196 行业管理部门",
]
VEHICLE_MODELS = ["大众帕萨特", "丰田凯美瑞", "本田雅阁", "比亚迪汉", "别克GL8"]
TRIP_ROUTES = ["春熙路→双流机场", "火车东站→天府广场", "宽窄巷子→高新区"]


def _ensure_departments() -> dict[str, Department]:
    existing = {d.code: d for d in db.session.scalars(select(Department))}
    for code, name, kind in people.DEPARTMENTS:
        if code not in existing:
            existing[code] = Department(code=code, name=name, kind=kind)
            db.session.add(existing[code])
    db.session.flush()
    return existing


def _ensure_staff(rng: random.Random, departments: dict[str, Department]) -> list[Staff]:
    existing = list(
        db.session.scalars(select(Staff).where(Staff.staff_no.like("E%")).order_by(Staff.id))
    )
    if existing:  # the people complaints name; demo users' own staff rows start with U
        return existing
    staff: list[Staff] = []
    number = 0

    def add(dept_code: str, position: str, name: str, **extra) -> Staff:
        nonlocal number
        number += 1
        member = Staff(
            name=name,
            staff_no=f"E{number:04d}",
            department=departments[dept_code],
            position=position,
            phone=people.mobile(rng),
            **extra,
        )
        db.session.add(member)
        staff.append(member)
        return member

    for code, _name, _kind in people.DEPARTMENTS:
        departments[code].manager = add(code, people.MANAGER_TITLES[code], people.person_name(rng))
        for position in people.POSITIONS[code]:
            add(code, position, people.person_name(rng))
    for name in people.RARE_NAMES:
        add("SH", "服务顾问", name)
    for _ in range(20):
        add(
            "YY",
            "出租车驾驶员",
            people.person_name(rng),
            is_driver=True,
            driver_licence_no=f"5101{rng.randrange(10**14):014d}",
            vehicle_plate=people.plate(rng, new_energy=rng.random() < 0.4),
        )
    db.session.flush()
    return staff


def _ensure_users(departments: dict[str, Department]) -> list[User]:
    users = []
    for index, (username, role, dept_code, position) in enumerate(DEMO_USERS, start=1):
        user = db.session.scalar(select(User).filter_by(username=username))
        if user is None:
            staff = Staff(
                name=people.DEMO_NAMES[index - 1],
                staff_no=f"U{index:03d}",
                department=departments[dept_code],
                position=position,
            )
            user = User(username=username, role=role, staff=staff)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        users.append(user)
    db.session.flush()
    return users


def _complaint(
    rng: random.Random,
    index: int,
    count: int,
    staff: list[Staff],
    departments: dict[str, Department],
) -> tuple[Complaint, Status, Department, pacing.Pace | None]:
    """A complaint from the stories, with the state its demo walk should reach."""
    story = STORIES[index % len(STORIES)]
    status = list(Status)[(index // len(Channel)) % len(Status)]
    # The flags of computed_urgency, set below: an urgent complaint's limits count clock time.
    urgent = story.category is Category.SAFETY or index % 53 == 0 or index % 41 == 0
    pace = None
    if status in OPEN_STATUSES:  # a healthy desk: recent, mostly within its limits
        received, pace = pacing.plan(db.session, rng, status, clock.now(), index, urgent)
    else:
        received = scenarios.start_for(rng, status, clock.now(), recent=index < count // 5)
    dept = departments[story.department]
    is_taxi = story.department == "YY"
    complained = rng.choice(
        [s for s in staff if s.is_driver]
        if is_taxi
        else [s for s in staff if s.department_id == dept.id and not s.is_driver]
    )
    channel = list(Channel)[index % len(Channel)]
    complaint = Complaint(
        received_at=received,
        channel=channel,
        regulator_name=rng.choice(REGULATORS) if channel is Channel.REGULATOR else None,
        complainant_name=people.person_name(rng),
        complainant_phone=people.mobile(rng),
        complainant_address=people.address(rng),
        plate_number=complained.vehicle_plate
        if is_taxi
        else people.plate(rng, new_energy=rng.random() < 0.2),
        vehicle_model=None if is_taxi else rng.choice(VEHICLE_MODELS),
        repair_order_no=None if is_taxi else f"RO{received:%Y%m%d}{index:04d}",
        trip_at=received - timedelta(hours=3) if is_taxi else None,
        trip_route=rng.choice(TRIP_ROUTES) if is_taxi else None,
        content=story.content,
        read_back=True,
        customer_demand=story.demand,
        complained_department=dept,
        complained_staff=complained,
        amount_claimed=Decimal(story.amount),
        people_count=12 if index % 97 == 5 else 1,
        flag_safety=story.category is Category.SAFETY,
        flag_injury=index % 53 == 0,
        flag_media=index % 41 == 0,
        flag_lawsuit=index % 89 == 3,
        flag_consumer_association=channel is Channel.REGULATOR and index % 2 == 0,
        flag_repeat_repair=story.category is Category.REPAIR_QUALITY and index % 3 == 0,
        category=story.category,
    )
    return complaint, status, dept, pace


def load_demo_data(complaints: int = 300, only_if_empty: bool = False) -> int:
    """Create the demo organisation, users and complaints; return how many complaints were added.

    Departments, staff and users are matched by code, staff number and login name; complaints
    are added only when none recorded by the demo clerk exist yet.
    """
    if only_if_empty and db.session.scalar(select(func.count()).select_from(Complaint)):
        return 0
    rng = random.Random(SEED)
    departments = _ensure_departments()
    staff = _ensure_staff(rng, departments)
    users = _ensure_users(departments)
    already = db.session.scalar(
        select(func.count()).select_from(Complaint).filter_by(recorded_by_id=users[0].id)
    )
    added = 0
    if not already:
        by_role = {user.role: user for user in users}
        for index in range(complaints):
            complaint, target, dept, pace = _complaint(rng, index, complaints, staff, departments)
            db.session.add(complaint)
            scenarios.walk_to(db.session, rng, by_role, complaint, target, dept, pace)
            added += 1
    penalties.load_demo_penalties(db.session)
    if added:
        _ensure_company_details()
    db.session.commit()
    return added


def _ensure_company_details() -> None:
    """The demo company's letterhead, so that notices print out of the box."""
    from panel.notices import settings as notice_settings

    details = {
        notice_settings.COMPANY_NAME: "蓉城汽车服务集团有限公司",
        notice_settings.COMPANY_ADDRESS: "成都市武侯区人民南路四段 88 号",
        notice_settings.HOTLINE: "028-85551234",
    }
    for key, value in details.items():
        row = db.session.get(Setting, key) or Setting(key=key, value="")
        if not row.value:  # never overwrite what an administrator entered
            row.value = value
            db.session.add(row)
