"""Throttling holds when the tries come at once, from separate connections (as from several
gunicorn workers): an attempt is committed before its password is checked."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from panel.core.extensions import db
from panel.demo.loader import load_demo_data
from panel.security.models import LoginAttempt, LoginOutcome
from tests.fixtures.clients import csrf_token
from tests.fixtures.database import scratch_app

ATTEMPTS = 12


@pytest.mark.committing
def test_a_burst_of_parallel_wrong_passwords_gets_only_five_checks(tmp_path):
    with scratch_app(tmp_path) as served:
        with served.app_context():
            load_demo_data(complaints=0)
            db.session.remove()
        start = threading.Barrier(ATTEMPTS)
        answers = []

        def attacker():
            client = served.test_client()
            token = csrf_token(client.get("/login").text)
            start.wait()
            response = client.post(
                "/login",
                data={"username": "clerk", "password": "guess-000", "csrf_token": token},
            )
            answers.append(response.status_code)

        threads = [threading.Thread(target=attacker) for _ in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        with served.app_context():
            outcomes = dict(
                db.session.execute(
                    select(LoginAttempt.outcome, func.count()).group_by(LoginAttempt.outcome)
                ).all()
            )
            db.session.remove()
        client = served.test_client()
        token = csrf_token(client.get("/login").text)
        right = client.post(
            "/login", data={"username": "clerk", "password": "Demo1234", "csrf_token": token}
        )
    assert answers == [401] * ATTEMPTS
    assert outcomes[LoginOutcome.FAILED] + outcomes[LoginOutcome.BLOCKED] == ATTEMPTS
    assert outcomes[LoginOutcome.FAILED] <= 5  # only five reached the password check
    assert right.status_code == 401 and "登录失败次数过多" in right.text
