"""受理时间 within a sane window, on every write path: not after the registration (beyond a few
minutes of clock difference), not older than the setting's days unless a manager imports
history, and no process step before the complaint was received."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from panel.complaints.enums import Status
from panel.complaints.rules.intake import history_import
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


def test_a_complaint_from_1900_is_refused(make_complaint):
    with pytest.raises(RuleError, match="早于登记时间 90 天以上"):
        make_complaint(received_at=datetime(1900, 1, 1))


def test_a_receipt_a_year_ahead_is_refused_and_a_few_minutes_are_allowed(make_complaint):
    with pytest.raises(RuleError, match="不能在将来"):
        make_complaint(received_at=clock.now() + timedelta(days=365))
    db.session.rollback()
    assert make_complaint(received_at=clock.now() + timedelta(minutes=5)).number


def test_the_window_is_a_setting(make_complaint):
    db.session.get(Setting, "registration.max_age_days").value = "400"
    with acting_as(user_of(Role.ADMIN)):
        db.session.flush()
    year_ago = clock.now() - timedelta(days=365)
    complaint = make_complaint(received_at=year_ago)
    assert complaint.number.startswith(f"TS-{year_ago:%Y%m%d}-")


def test_a_manager_imports_history_a_clerk_does_not(make_complaint):
    old = clock.now() - timedelta(days=400)
    with history_import(db.session):
        complaint = make_complaint(received_at=old, recorded_by=user_of(Role.SERVICE_MANAGER))
        assert complaint.received_at == old
        with pytest.raises(RuleError, match="90 天以上"):
            make_complaint(received_at=old, complainant_phone="13700001111")
    db.session.rollback()
    with pytest.raises(RuleError, match="90 天以上"):  # outside the import, not even a manager
        make_complaint(received_at=old, recorded_by=user_of(Role.SERVICE_MANAGER))


def test_moving_the_receipt_later_into_the_future_is_refused_on_edit(make_complaint):
    complaint = make_complaint()
    db.session.commit()
    clerk = user_of(Role.CLERK)
    complaint.received_at = clock.now() + timedelta(days=2)
    with acting_as(clerk), pytest.raises(RuleError, match="不能在将来"):
        db.session.flush()


def test_no_step_before_the_complaint_was_received(make_complaint):
    complaint = make_complaint(received_at=clock.now() - timedelta(hours=1))
    db.session.commit()
    with (
        clock.travel_to(clock.now() - timedelta(hours=3)),
        pytest.raises(RuleError, match="不能早于受理时间"),
    ):
        advance(complaint, Status.DISPATCHED)
