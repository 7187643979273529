"""Complaints in two departments (售后服务部 SH, the demo department roles' own, and 销售部 XS)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from panel.complaints.enums import Category, Status
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.conftest import department, staff_of, user_of
from tests.factories import advance

SCOPED = (Role.ADVISOR, Role.DEPT_MANAGER)
SEE_ALL = (Role.CLERK, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER, Role.AUDITOR, Role.ADMIN)


@pytest.fixture
def ours(make_complaint):
    """A complaint against 售后服务部 (the advisor's and the department manager's)."""
    complaint = make_complaint(complainant_name="本部客户", complainant_phone="13812345678")
    db.session.commit()  # keep the set-up when a refused request rolls its own work back
    return complaint


@pytest.fixture
def theirs(make_complaint):
    """A complaint against 销售部: outside the department roles' scope."""
    complaint = make_complaint(
        complainant_name="外部客户",
        complainant_phone="13987654321",
        plate_number="川A54321",
        category=Category.SERVICE_ATTITUDE,
        complained_department=department("XS"),
        complained_staff=staff_of("XS"),
    )
    db.session.commit()
    return complaint


def investigating_elsewhere(complaint):
    """Dispatch ``complaint`` to its own department and investigate it as the service manager
    (the demo department manager runs 售后服务部 only)."""
    from panel.complaints import operations as process

    process.dispatch(db.session, complaint, user_of(Role.CLERK), complaint.complained_department)
    process.start_investigation(
        db.session, complaint, user_of(Role.SERVICE_MANAGER), user_of(Role.SERVICE_MANAGER)
    )
    return complaint


def propose(complaint, kind=RemedyKind.COMPENSATION, amount="1500", by=Role.ADVISOR):
    return authority.propose_remedy(
        db.session, complaint, user_of(by), kind, Decimal(amount), "按客户要求补偿"
    )


def switch_to(client, role: Role):
    """Log the test client out and in again as the demo user of ``role``."""
    from tests.conftest import csrf_token, login

    home = client.get("/admin/")
    if home.status_code == 200:
        client.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert login(client, user_of(role).username).status_code == 302
    return client


@pytest.fixture
def storage(app, tmp_path):
    """Evidence files go to a temporary folder."""
    app.config["ATTACHMENT_ROOT"] = str(tmp_path / "attachments")
    yield tmp_path / "attachments"
    app.config.pop("ATTACHMENT_ROOT", None)


__all__ = ["advance", "Status"]
