"""Evidence files in the database: every app server behind it serves them, and files kept under
the instance folder before are moved in by ``flask --app wsgi attachments-to-db``."""

from __future__ import annotations

import contextlib
import re
import threading

import httpx
import pytest
from sqlalchemy import func, select, update
from werkzeug.serving import make_server

from panel.complaints.attachments import add_attachment
from panel.complaints.enums import Category, Channel
from panel.complaints.evidence import Attachment, attachment_file
from panel.complaints.evidence_move import move_files_to_database
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.organisation.models.user import Role, User
from tests.complaints.test_attachments import png, upload
from tests.notifications._worker import panel_app, scratch_database, worker_settings


def user_of(role: Role) -> User:
    return db.session.scalar(select(User).filter_by(role=role).order_by(User.id))


def stored_in_database() -> list[bytes]:
    return [bytes(data) for data in db.session.scalars(select(attachment_file.c.data))]


def test_an_upload_is_kept_in_the_database_and_served_from_it(
    login_as, ours, tmp_path, app, monkeypatch
):
    monkeypatch.setitem(app.config, "ATTACHMENT_ROOT", str(tmp_path / "nowhere"))
    client = login_as(Role.CLERK)
    image = png(3, 3)
    assert upload(client, ours, "现场.png", image).status_code == 302
    attachment = db.session.scalar(select(Attachment).filter_by(complaint_id=ours.id))
    assert stored_in_database() == [image]
    assert not (tmp_path / "nowhere").exists()
    served = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert served.status_code == 200 and served.data == image
    db.session.execute(
        update(attachment_file)
        .where(attachment_file.c.attachment_id == attachment.id)
        .values(data=png(4, 4))
    )
    db.session.commit()
    response = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert response.status_code == 302 and "损坏" in client.get(response.location).text


def test_files_from_before_move_into_the_database(ours, tmp_path, app, monkeypatch):
    root = tmp_path / "attachments"
    monkeypatch.setitem(app.config, "ATTACHMENT_ROOT", str(root))
    monkeypatch.setitem(app.config, "ATTACHMENT_STORE", "files")
    clerk = user_of(Role.CLERK)
    kept = [
        add_attachment(db.session, ours, clerk, f"照片{i}.png", png(i + 1, 2)) for i in range(3)
    ]
    changed = root / kept[2].stored_path
    changed.write_bytes(png(9, 9))  # altered on disk: reported, not moved
    monkeypatch.setitem(app.config, "ATTACHMENT_STORE", "database")

    moved, problems = move_files_to_database(db.session, root, delete_files=True)
    assert moved == 2 and problems == [kept[2].stored_path]
    assert sorted(stored_in_database()) == sorted([png(1, 2), png(2, 2)])
    assert not (root / kept[0].stored_path).exists() and changed.exists()
    assert move_files_to_database(db.session, root) == (0, [kept[2].stored_path])
    from panel.complaints.attachments import read_attachment

    assert read_attachment(kept[0]) == png(1, 2)  # now from the database


@contextlib.contextmanager
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def logged_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"username": username, "password": "Demo1234", "csrf_token": token}
    )
    assert response.status_code == 302
    return client


@pytest.mark.committing
def test_a_file_uploaded_through_one_server_downloads_through_the_other(tmp_path):
    with scratch_database(tmp_path) as url:
        one_settings = worker_settings(url, tmp_path / "one")
        other_settings = worker_settings(url, tmp_path / "other")
        with panel_app(one_settings) as one, panel_app(other_settings) as other:
            one.config["ATTACHMENT_ROOT"] = str(tmp_path / "one" / "attachments")
            other.config["ATTACHMENT_ROOT"] = str(tmp_path / "other" / "attachments")
            with one.app_context(), acting_as(user_of(Role.CLERK)):
                complaint = Complaint(
                    channel=Channel.HOTLINE,
                    complainant_name="两台服务器",
                    content="上传与下载在不同服务器",
                    category=Category.REPAIR_QUALITY,
                )
                db.session.add(complaint)
                db.session.commit()
                complaint_id = complaint.id
            image = png(5, 5)
            with served(one) as first, served(other) as second:
                uploader = logged_in(first, "clerk")
                page = uploader.get(f"/admin/complaint/details/?id={complaint_id}").text
                token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
                response = uploader.post(
                    f"/admin/complaint/attachments/{complaint_id}",
                    data={"csrf_token": token},
                    files={"file": ("现场照片.png", image, "image/png")},
                )
                assert response.status_code == 302
                with other.app_context():
                    attachment_id = db.session.scalar(
                        select(func.max(Attachment.id)).where(
                            Attachment.complaint_id == complaint_id
                        )
                    )
                    db.session.remove()
                reader = logged_in(second, "svcmgr")
                download = reader.get(f"/admin/complaint/attachment/{attachment_id}")
                assert download.status_code == 200 and download.content == image
                assert not (tmp_path / "other" / "attachments").exists()
