"""A live app on its own database, for tests whose requests must commit for real."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.organisation.models.user import User
from tests.conftest import PanelClient, scratch_app


@pytest.fixture
def live_app(tmp_path):
    """A migrated scratch database with the demo organisation and one complaint."""
    with scratch_app(tmp_path) as app:
        from panel.demo.loader import load_demo_data

        with app.app_context():
            load_demo_data(complaints=0)
            clerk = db.session.scalar(select(User).filter_by(username="clerk"))
            with acting_as(clerk):
                complaint = Complaint(
                    channel="hotline",
                    complainant_name="断线测试",
                    content="保养后仍有异响",
                    category="repair_quality",
                )
                db.session.add(complaint)
                db.session.commit()
        app.test_client_class = PanelClient
        yield app
