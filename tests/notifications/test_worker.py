"""The worker as a real process (``huey_consumer``) against a database of the suite's kind
(SQLite in one pass, PostgreSQL in the other): it delivers what the panel commits, and a worker
killed mid-delivery and started again delivers every notification exactly once as the
receiver sees it (by idempotency key)."""

from __future__ import annotations

import signal
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from panel.complaints import operations as process
from panel.complaints.enums import Category, Channel
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.notifications import emit
from panel.notifications.enums import Channel as Via
from panel.notifications.enums import DeliveryStatus, EventKind
from panel.notifications.models import NotificationDelivery, NotificationRoute
from panel.notifications.rules import Event
from panel.organisation.models.department import Department
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role, User
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind

from ._worker import (
    kill,
    panel_app,
    receiver,
    scratch_database,
    wait_for,
    worker,
    worker_settings,
)

pytestmark = pytest.mark.committing


def user(role: Role) -> User:
    return db.session.scalar(select(User).filter_by(role=role).order_by(User.id))


def hotline_complaint(name: str, phone: str, content: str, **facts) -> Complaint:
    """A repair-quality complaint taken on the hotline, added to the session."""
    complaint = Complaint(
        channel=Channel.HOTLINE,
        complainant_name=name,
        complainant_phone=phone,
        content=content,
        category=Category.REPAIR_QUALITY,
        **facts,
    )
    db.session.add(complaint)
    return complaint


def read(statement):
    """One fresh look at what the worker committed; no transaction stays open (on SQLite an
    open reader would keep the worker from committing)."""
    db.session.rollback()
    try:
        return db.session.execute(statement).all()
    finally:
        db.session.rollback()


def statuses() -> dict[DeliveryStatus, int]:
    return dict(
        read(
            select(NotificationDelivery.status, func.count())
            .where(NotificationDelivery.channel == Via.WECOM)
            .group_by(NotificationDelivery.status)
        )
    )


def test_the_worker_delivers_an_approval_request_to_the_group_and_the_bell(tmp_path):
    with receiver() as group, scratch_database(tmp_path) as url:
        settings = worker_settings(url, tmp_path, NOTIFY_WECOM_WEBHOOK=group.url)
        with panel_app(settings) as app, worker(settings), app.app_context():
            clerk, advisor = user(Role.CLERK), user(Role.ADVISOR)
            sh = db.session.scalar(select(Department).filter_by(code="SH"))
            with acting_as(clerk):
                complaint = hotline_complaint(
                    "王五", "13812345678", "更换刹车片后仍有异响", complained_department=sh
                )
                db.session.commit()
            process.dispatch(db.session, complaint, clerk, sh)
            process.start_investigation(db.session, complaint, user(Role.DEPT_MANAGER), advisor)
            authority.propose_remedy(
                db.session, complaint, advisor, RemedyKind.COMPENSATION, Decimal("3000"), "补偿"
            )
            number, manager = complaint.number, user(Role.SERVICE_MANAGER).id
            db.session.commit()  # the worker is told after this commit

            def approval_arrived():
                return [m for m in group.view().values() if "审批" in m and number in m]

            [message] = wait_for(approval_arrived, what="the approval request in the group")
            assert "服务经理" in message and "13812345678" not in message
            bell = select(NotificationDelivery.id).where(
                NotificationDelivery.user_id == manager, NotificationDelivery.channel == Via.PANEL
            )
            assert wait_for(lambda: read(bell), what="the bell")


def test_a_worker_killed_mid_delivery_delivers_each_notification_once(tmp_path):
    count = 24
    with receiver(delay=0.4) as group, scratch_database(tmp_path) as url:
        settings = worker_settings(url, tmp_path, NOTIFY_WECOM_WEBHOOK=group.url)
        with panel_app(settings) as app, app.app_context():
            with acting_as(user(Role.ADMIN)):
                db.session.add(NotificationRoute(event=EventKind.PENDING_REVIEW, channel=Via.WECOM))
                db.session.commit()
            with worker(settings) as first:
                for index in range(count):
                    payload = {"period": f"第 {index + 1} 批", "count": index + 1}
                    event = Event(EventKind.PENDING_REVIEW, f"kill-test:{index}", payload=payload)
                    emit.record(db.session, event)
                db.session.commit()
                wait_for(lambda: len(group.keys()) >= 6, what="deliveries under way")
                kill(first, signal.SIGKILL)  # mid-delivery: requests are in flight
            cut_short = statuses().get(DeliveryStatus.SENDING, 0)
            assert cut_short > 0  # claimed, maybe received, never recorded
            time.sleep(2.5)  # the dead worker's claims (2 s leases) run out
            with worker(settings):
                wait_for(
                    lambda: statuses().get(DeliveryStatus.DELIVERED) == count,
                    timeout=60,
                    what="every delivery done",
                )
            rows = read(
                select(NotificationDelivery.idempotency_key).where(
                    NotificationDelivery.channel == Via.WECOM
                )
            )
            keys = {key for (key,) in rows}
            view = group.view()
            assert set(view) == keys and len(view) == count  # each one once, none lost
            assert len(group.keys()) >= count  # the ones cut short were sent again


def test_the_worker_texts_the_complainant_a_receipt(tmp_path):
    with receiver() as gateway, scratch_database(tmp_path) as url:
        settings = worker_settings(
            url, tmp_path, NOTIFY_SMS_URL=gateway.url, NOTIFY_BASE_URL="https://kf.example.cn"
        )
        with panel_app(settings) as app, worker(settings), app.app_context():
            with acting_as(user(Role.ADMIN)):  # no quiet hours: the test runs at any hour
                for key in (
                    "notifications.customer_quiet_from",
                    "notifications.customer_quiet_until",
                ):
                    db.session.get(Setting, key).value = "0"
                db.session.commit()
            with acting_as(user(Role.CLERK)):
                complaint = hotline_complaint("赵六", "13912340000", "喷漆后车门有色差")
                db.session.flush()
                number = complaint.number  # read now: no reader stays open for the worker
                db.session.commit()  # the worker is told after this commit
            [text] = wait_for(
                lambda: [m for m in gateway.view().values() if number in m],
                what="the receipt at the gateway",
            )
            assert text.startswith("13912340000|您的投诉已受理，编号" + number)
            assert f"https://kf.example.cn/track?n={number}" in text
