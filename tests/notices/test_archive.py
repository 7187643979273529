"""The archive: numbers, versions, hashes, and immutability below the views."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import delete, insert, text, update
from sqlalchemy.exc import DBAPIError

from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.notices.kinds import NoticeKind
from panel.notices.models import Notice, notice_file
from panel.notices.rules import ArchiveDamaged, issue_notice, verified_pdf, versions_of
from panel.organisation.models.user import Role
from tests.fixtures.database import is_postgres
from tests.fixtures.people import user_of
from tests.notices.conftest import pdf_text


def issue(kind, subject, role=Role.CLERK):
    return issue_notice(db.session, kind, subject, user_of(role))


def test_numbers_per_kind_and_year(company, make_complaint, approved_complaint):
    year = clock.now().year
    first = issue(NoticeKind.REGISTRATION, make_complaint())
    second = issue(NoticeKind.REGISTRATION, make_complaint())
    letter = issue(NoticeKind.CUSTOMER_RESULT, approved_complaint)
    assert [first.number, second.number] == [f"DJ-{year}-000001", f"DJ-{year}-000002"]
    assert letter.number == f"GZ-{year}-000001"


def test_reissuing_adds_a_version_and_keeps_the_earlier_ones(company, approved_complaint):
    clerk = user_of(Role.CLERK)
    first = issue(NoticeKind.CUSTOMER_RESULT, approved_complaint)
    second = issue(NoticeKind.CUSTOMER_RESULT, approved_complaint, Role.SERVICE_MANAGER)
    assert (first.number, first.version) == (second.number, 1)
    assert second.version == 2
    assert "（第2版）" in pdf_text(verified_pdf(db.session, second))
    versions = versions_of(db.session, NoticeKind.CUSTOMER_RESULT, first.subject)
    assert versions == [first, second]
    assert first.issued_by == clerk and first.issued_by_name == clerk.display_name
    assert second.issued_by == user_of(Role.SERVICE_MANAGER)
    for notice in versions:
        data = verified_pdf(db.session, notice)
        assert notice.sha256 == hashlib.sha256(data).hexdigest()
        assert notice.size == len(data) and data.startswith(b"%PDF-")
        assert notice.complaint == approved_complaint and notice.kind is NoticeKind.CUSTOMER_RESULT
    assert first.sha256 != second.sha256


def test_issuing_is_audited_without_the_pdf_bytes(company, make_complaint):
    from panel.core.audit.models import AuditEntry

    notice = issue(NoticeKind.REGISTRATION, make_complaint())
    entry = db.session.scalar(
        db.select(AuditEntry).filter_by(table_name="notice", row_id=str(notice.id))
    )
    assert entry.action == "insert" and entry.actor_id == user_of(Role.CLERK).id
    assert entry.changes["sha256"] == [None, notice.sha256]
    assert "pdf" not in entry.changes


@pytest.fixture
def notice(company, make_complaint):
    return issue(NoticeKind.REGISTRATION, make_complaint())


def test_orm_refuses_to_change_or_delete_a_notice(notice):
    with pytest.raises(RuleError, match="不能修改或删除"), db.session.begin_nested():
        notice.sha256 = "0" * 64
        db.session.flush()
    with pytest.raises(RuleError, match="不能修改或删除"), db.session.begin_nested():
        db.session.delete(notice)
        db.session.flush()
    assert verified_pdf(db.session, notice)


@pytest.mark.parametrize(
    "statement",
    [
        lambda n: update(Notice).where(Notice.id == n.id).values(version=9),
        lambda n: delete(Notice).where(Notice.id == n.id),
        lambda n: update(notice_file).where(notice_file.c.notice_id == n.id).values(pdf=b"x"),
        lambda n: delete(notice_file).where(notice_file.c.notice_id == n.id),
    ],
    ids=["bulk-update", "bulk-delete", "file-update", "file-delete"],
)
def test_bulk_statements_are_refused(notice, statement):
    with pytest.raises(RuleError, match="不能修改或删除"):
        db.session.execute(statement(notice))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE notice SET sha256 = 'x' WHERE id = :id",
        "DELETE FROM notice WHERE id = :id",
        "UPDATE notice_file SET pdf = :bytes WHERE notice_id = :id",
        "DELETE FROM notice_file WHERE notice_id = :id",
    ],
)
def test_database_triggers_refuse_raw_sql(notice, sql):
    with pytest.raises(DBAPIError, match="immutable"), db.session.begin_nested():
        db.session.execute(text(sql), {"id": notice.id, "bytes": b"%PDF-forged"})
    assert verified_pdf(db.session, notice)


def test_download_refuses_a_pdf_that_fails_its_hash(notice):
    """Someone with database rights drops the trigger and swaps the bytes: the hash catches it."""
    if is_postgres():
        db.session.execute(text("DROP TRIGGER notice_file_immutable ON notice_file"))
    else:
        db.session.execute(text("DROP TRIGGER notice_file_no_update"))
    db.session.connection().execute(
        update(notice_file).where(notice_file.c.notice_id == notice.id).values(pdf=b"%PDF-x")
    )
    with pytest.raises(ArchiveDamaged, match="SHA-256"):
        verified_pdf(db.session, notice)


def test_a_second_version_1_of_the_same_notice_collides(notice):
    duplicate = {c.name: getattr(notice, c.key) for c in Notice.__table__.columns if c.key != "id"}
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.connection().execute(insert(Notice.__table__).values(**duplicate))
