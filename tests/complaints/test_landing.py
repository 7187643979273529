"""With the demo data every role logs in to a landing page with work on it, and every count
leads to a list holding that many rows."""

import re

import pytest

from panel.demo.loader import load_demo_data
from panel.organisation.models.user import Role
from tests.fixtures.desk import switch_to

COMPLAINT = re.compile(r"TS-\d{8}-\d{4}")


@pytest.fixture
def demo():
    load_demo_data(complaints=40)


def test_every_role_gets_a_non_empty_landing_page(login_as, demo):
    client = login_as(Role.CLERK)
    for role in Role:
        switch_to(client, role)
        home = client.get("/admin/").text
        counts = {name: int(n) for name, n in re.findall(r'data-testid="count-(\w+)">(\d+)<', home)}
        assert any(counts.values()), f"{role.value} has an empty landing page"
        if role in (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER):
            assert counts["approval"] > 0, role
        if role is Role.ADMIN:
            assert "data-admin-card" in home
        for url, name in re.findall(r'href="([^"]+)" data-queue="(\w+)"', home):
            page = client.get(url.replace("&amp;", "&"))
            assert page.status_code == 200, (role, name)
            rows = set(COMPLAINT.findall(page.text))
            if counts[name] and counts[name] <= 20:  # one page of the list
                assert len(rows) >= counts[name], (role.value, name)
            if not counts[name]:
                assert not rows, (role.value, name)
