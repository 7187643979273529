"""Evidence uploads are judged by their content, not their name: a program, a page, a script
or a document dressed up as a photo is refused; what is kept is served so that no browser
sniffs or runs it. The upload needs the CSRF token like every other change."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from panel.complaints.evidence import Attachment
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.complaints.test_attachments import pdf, png, stored_files, upload
from tests.complaints.test_upload_content import jpeg
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import ours, storage  # noqa: F401  (fixtures)

JPEG = jpeg()  # a real photo: files are opened by a parser (panel.complaints.filecheck)
CONTENTS = {
    "pdf": pdf(),
    "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "exe": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120,
    "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 120,
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "zip": b"PK\x03\x04" + b"\x00" * 60,
    "gif": b"GIF89a/*\x01\x00\x01\x00*/=alert(1)//;",
    "php": b"<?php system($_GET['c']); ?>",
    "png": png(),
    "jpeg": JPEG,
}
# name -> the content kinds it may carry
ACCEPTS = {
    "现场.jpg": {"jpeg"},
    "现场.JPEG": {"jpeg"},
    "现场.png": {"png"},
    "工单.pdf": {"pdf"},
}


def attachments() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


@pytest.mark.parametrize("name", sorted(ACCEPTS))
def test_only_content_matching_the_name_is_kept(login_as, ours, storage, name):  # noqa: F811
    client = login_as(Role.CLERK)
    for kind, data in CONTENTS.items():
        before = attachments()
        response = upload(client, ours, name, data)
        assert response.status_code == 302, (name, kind)
        kept = attachments() - before
        assert kept == (1 if kind in ACCEPTS[name] else 0), (name, kind)
        if not kept:
            page = client.get(response.location).text
            assert "alert-danger" in page, (name, kind)  # refused with a message
    assert len(stored_files(storage)) == len(ACCEPTS[name])  # refusals leave no file


@pytest.mark.parametrize("name", ["说明.html", "图.svg", "run.exe", "x.php", "现场.jpg.html"])
def test_names_of_other_kinds_are_refused_whatever_the_content(login_as, ours, storage, name):  # noqa: F811
    client = login_as(Role.CLERK)
    for data in (JPEG, png(), pdf()):
        upload(client, ours, name, data)
    assert attachments() == 0
    assert stored_files(storage) == []


def test_a_photo_with_script_inside_is_refused_and_photos_are_served_inert(
    login_as,
    ours,  # noqa: F811
    storage,  # noqa: F811
):
    client = login_as(Role.CLERK)
    polyglot = JPEG[:-2] + b"<script>alert(1)</script>" + JPEG[-2:]
    assert upload(client, ours, "现场.jpg", polyglot).status_code == 302
    assert attachments() == 0
    assert upload(client, ours, "现场.jpg", JPEG).status_code == 302
    attachment = db.session.scalar(select(Attachment))
    served = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert served.mimetype == "image/jpeg"  # the detected type, never text/html
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "script-src" not in served.headers["Content-Security-Policy"]


def test_a_hostile_file_name_is_shown_as_text(login_as, ours, storage):  # noqa: F811
    client = login_as(Role.CLERK)
    name = "<img src=x onerror=alert(1)>.png"
    assert upload(client, ours, name, png()).status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert attachment.file_name == name
    page = client.get(f"/admin/complaint/details/?id={ours.id}").text
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.png" in page
    served = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert served.mimetype == "image/png"  # the name is only a name: the type is the content's


def test_control_characters_never_reach_a_header():
    from panel.complaints.attachments import clean_file_name

    cleaned = clean_file_name("照片\r\nX-Injected: 1\x00.png")
    assert cleaned == "照片X-Injected: 1.png"


def test_an_upload_without_the_csrf_token_is_refused(login_as, ours, storage):  # noqa: F811
    client = login_as(Role.CLERK)
    response = client.post(
        f"/admin/complaint/attachments/{ours.id}",
        data={"file": (io.BytesIO(png()), "现场.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert attachments() == 0
    forged = client.post(
        f"/admin/complaint/attachments/{ours.id}",
        data={
            "csrf_token": csrf_token(client.get("/admin/").text)[:-4] + "abcd",
            "file": (io.BytesIO(png()), "现场.png"),
        },
        content_type="multipart/form-data",
    )
    assert forged.status_code == 302
    assert attachments() == 0
