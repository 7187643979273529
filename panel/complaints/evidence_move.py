"""``flask --app wsgi attachments-to-db``: move evidence files kept under the instance folder
into the database, so that every app server behind it can serve them.

Each file is checked against its recorded SHA-256 before it is copied; a missing or changed
file is reported and left alone. Running it again moves only what is left. ``--delete-files``
removes each moved file once its copy is committed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from panel.complaints.attachments import storage_root
from panel.complaints.evidence import Attachment, attachment_file

BATCH = 100


def files_to_move(session: Session) -> list[Attachment]:
    """Evidence rows whose bytes are not in the database yet, oldest first."""
    in_database = select(attachment_file.c.attachment_id)
    return list(
        session.scalars(
            select(Attachment).where(Attachment.id.not_in(in_database)).order_by(Attachment.id)
        )
    )


def move_files_to_database(
    session: Session, root: Path, delete_files: bool = False
) -> tuple[int, list[str]]:
    """Copy every intact file into ``attachment_file``; return how many were moved and the
    stored paths of those missing or changed."""
    moved, problems, done = 0, [], []
    for attachment in files_to_move(session):
        path = root / attachment.stored_path
        try:
            data = path.read_bytes()
        except OSError:
            problems.append(attachment.stored_path)
            continue
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            problems.append(attachment.stored_path)
            continue
        session.connection().execute(
            insert(attachment_file).values(attachment_id=attachment.id, data=data)
        )
        moved += 1
        done.append(path)
        if moved % BATCH == 0:
            session.commit()
            _delete(done, delete_files)
    session.commit()
    _delete(done, delete_files)
    return moved, problems


def _delete(paths: list[Path], delete_files: bool) -> None:
    if delete_files:
        for path in paths:
            path.unlink(missing_ok=True)
    paths.clear()


@click.command("attachments-to-db")
@click.option("--delete-files", is_flag=True, help="Remove each file once it is in the database.")
def attachments_to_db(delete_files: bool) -> None:
    """Move evidence files from the instance folder into the database."""
    from panel.core.extensions import db

    moved, problems = move_files_to_database(db.session, storage_root(), delete_files)
    click.echo(f"已将 {moved} 个证据文件移入数据库")
    for stored in problems:
        click.echo(f"文件缺失或已被改动，未移动：{stored}", err=True)
    if problems:
        raise SystemExit(1)
