"""A complaint found at fault about a service-department employee, and penalties on it."""

from __future__ import annotations

import pytest

from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.organisation.models.user import Role, User
from panel.penalties import operations
from tests.fixtures.penalties import complaint_at_fault, offence, sh_staff
from tests.fixtures.people import user_of


@pytest.fixture
def culprit():
    return sh_staff(0)


@pytest.fixture
def at_fault(make_complaint, culprit):
    complaint = complaint_at_fault(make_complaint, culprit)
    db.session.commit()  # keep the set-up when a refused change rolls back its own work
    return complaint


@pytest.fixture
def proposal(at_fault, culprit):
    """10 points for S01 (cold attitude), proposed by the service department's manager."""
    penalty = operations.propose_penalty(
        db.session,
        at_fault,
        culprit,
        offence("S01"),
        10,
        "接待客户态度冷淡",
        user_of(Role.DEPT_MANAGER),
    )
    db.session.commit()
    return penalty


@pytest.fixture
def approved(proposal):
    operations.decide_penalty(db.session, proposal, user_of(Role.SERVICE_MANAGER), True)
    db.session.commit()
    return proposal


@pytest.fixture
def appealed(approved):
    appeal = operations.file_appeal(db.session, approved, user_of(Role.CLERK), "当日客流过大")
    db.session.commit()
    return appeal


@pytest.fixture
def culprit_login(culprit):
    """A login of the penalised person themself (an advisor)."""
    admin = user_of(Role.ADMIN)
    user = User(username="culprit", role=Role.ADVISOR, staff=culprit)
    user.set_password("Demo1234")
    db.session.add(user)
    with acting_as(admin):
        db.session.flush()
    db.session.commit()
    return user
