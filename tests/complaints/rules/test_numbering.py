"""Complaint numbers are human-readable and unique, also under concurrent registration."""

import re
import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.complaints.enums import Category, Channel
from panel.complaints.models import Complaint
from panel.complaints.rules.numbering import next_complaint_number
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.demo.loader import load_demo_data
from panel.organisation.models.user import User
from tests.fixtures.database import scratch_app


def test_numbers_follow_the_day_and_count_up(make_complaint):
    first = make_complaint()
    second = make_complaint()
    today = clock.today()
    assert re.fullmatch(rf"TS-{today:%Y%m%d}-\d{{4}}", first.number)
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


def test_each_day_has_its_own_counter():
    assert next_complaint_number(db.session, date(2026, 1, 5)) == "TS-20260105-0001"
    assert next_complaint_number(db.session, date(2026, 1, 5)) == "TS-20260105-0002"
    assert next_complaint_number(db.session, date(2026, 1, 6)) == "TS-20260106-0001"


def test_given_number_is_kept_and_duplicates_refused(make_complaint):
    from sqlalchemy.exc import IntegrityError

    make_complaint(number="TS-20250101-0001")
    with pytest.raises(IntegrityError):
        make_complaint(number="TS-20250101-0001")


@pytest.mark.postgres_only
@pytest.mark.committing
def test_concurrent_registrations_get_unique_numbers(tmp_path):
    """Twelve clerks register at the same instant, each in their own connection."""
    workers, per_worker = 12, 5
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    with scratch_app(tmp_path) as app:
        with app.app_context():
            load_demo_data(complaints=0)
            clerk_id = db.session.scalar(select(User.id).filter_by(username="clerk"))

        def register():
            try:
                with app.app_context(), Session(db.engine) as session:
                    clerk = session.get(User, clerk_id)
                    barrier.wait()
                    for _ in range(per_worker):
                        complaint = Complaint(
                            channel=Channel.HOTLINE,
                            complainant_name="并发测试",
                            content="同时登记",
                            category=Category.OTHER,
                        )
                        session.add(complaint)
                        with acting_as(clerk):
                            session.commit()
                        with lock:
                            numbers.append(complaint.number)
            except BaseException as exc:  # reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=register) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(numbers) == workers * per_worker
    assert len(set(numbers)) == len(numbers)
    sequence = sorted(int(n[-4:]) for n in numbers)
    assert sequence == list(range(1, len(numbers) + 1))
