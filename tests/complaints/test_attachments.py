"""Evidence files: accepted by content, within the size limit, kept outside the web root with
their hash, served only to users who may see the complaint, never sniffed or run."""

import hashlib
import io
import struct
import zlib

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from panel.complaints.evidence import Attachment
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import switch_to


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A minimal one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    return out + b"%%EOF\n"


def upload(client, complaint, name: str, data: bytes):
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    return client.post(
        f"/admin/complaint/attachments/{complaint.id}",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def stored_files(storage) -> list:
    return [p for p in storage.rglob("*") if p.is_file()] if storage.exists() else []


def test_a_photo_is_kept_with_its_hash_and_listed_on_the_case_file(login_as, ours, storage):
    client = login_as(Role.ADVISOR)
    image = png()
    response = upload(client, ours, "../../现场照片.png", image)
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment).filter_by(complaint_id=ours.id))
    assert attachment.file_name == "现场照片.png"  # no folder part survives
    assert attachment.content_type == "image/png" and attachment.size == len(image)
    assert attachment.sha256 == hashlib.sha256(image).hexdigest()
    [path] = stored_files(storage)
    assert path.read_bytes() == image and "现场照片" not in str(path)
    page = client.get(f"/admin/complaint/details/?id={ours.id}").text
    assert "现场照片.png" in page and f'data-attachment="{attachment.id}"' in page
    served = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert served.status_code == 200 and served.data == image
    assert served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.headers["Content-Disposition"].startswith("inline")


def test_a_pdf_scan_downloads_as_an_attachment(login_as, ours, storage):
    client = login_as(Role.CLERK)
    assert upload(client, ours, "维修工单.PDF", pdf()).status_code == 302
    attachment = db.session.scalar(select(Attachment).filter_by(complaint_id=ours.id))
    served = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment")
    import io

    assert len(PdfReader(io.BytesIO(served.data)).pages) == 1


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("证据.jpg", b"MZ\x90\x00" + b"\x00" * 100, "不是照片"),  # a program named like a photo
        ("证据.html", b"<html><script>alert(1)</script>", "不是照片"),
        ("照片.pdf", png(), "内容与文件名不符"),
        ("空文件.png", b"", "请选择"),
    ],
)
def test_refused_files_leave_nothing_behind(login_as, ours, storage, name, data, message):
    client = login_as(Role.CLERK)
    response = upload(client, ours, name, data)
    assert response.status_code == 302
    assert message in client.get(response.location).text
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert stored_files(storage) == []


def test_the_size_limit_is_a_setting(login_as, ours, storage):
    db.session.add(Setting(key="attachments.max_bytes", value="100"))
    db.session.commit()
    client = login_as(Role.CLERK)
    response = upload(client, ours, "大图.png", png(40, 40) + b"\x00" * 200)
    assert "超过了每个文件 100 B 的上限" in client.get(response.location).text
    assert stored_files(storage) == []
    assert upload(client, ours, "小图.png", png(1, 1)).status_code == 302
    assert len(stored_files(storage)) == 1


def test_files_are_served_only_within_scope_and_uploaded_only_by_those_who_act(
    login_as, ours, theirs, storage
):
    client = login_as(Role.CLERK)
    upload(client, theirs, "销售部.png", png())
    attachment = db.session.scalar(select(Attachment).filter_by(complaint_id=theirs.id))
    switch_to(client, Role.ADVISOR)
    assert client.get(f"/admin/complaint/attachment/{attachment.id}").status_code == 404
    token = csrf_token(client.get("/admin/complaint/").text)
    crafted = client.post(
        f"/admin/complaint/attachments/{theirs.id}",
        data={"csrf_token": token, "file": (io.BytesIO(png()), "x.png")},
        content_type="multipart/form-data",
    )
    assert crafted.status_code == 404
    switch_to(client, Role.AUDITOR)
    assert client.get(f"/admin/complaint/attachment/{attachment.id}").status_code == 200
    assert upload(client, ours, "审计.png", png()).status_code == 403
    assert len(stored_files(storage)) == 1


def test_a_changed_file_is_reported_not_served(login_as, ours, storage):
    client = login_as(Role.CLERK)
    upload(client, ours, "照片.png", png())
    attachment = db.session.scalar(select(Attachment).filter_by(complaint_id=ours.id))
    [path] = stored_files(storage)
    path.write_bytes(png(3, 3))
    response = client.get(f"/admin/complaint/attachment/{attachment.id}")
    assert response.status_code == 302
    assert "损坏" in client.get(response.location).text


def test_evidence_rows_are_never_changed_or_deleted(login_as, ours, storage):
    upload(login_as(Role.CLERK), ours, "照片.png", png())
    attachment = db.session.scalar(select(Attachment).filter_by(complaint_id=ours.id))
    attachment.file_name = "改名.png"
    with pytest.raises(RuleError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(Attachment, attachment.id))
    with pytest.raises(RuleError):
        db.session.flush()
