"""The import command's work (``flask --app wsgi import-complaints FILE --as clerk``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from panel.complaints.imports import import_complaints
from panel.core.extensions import db
from panel.intake import lists, operations


def import_list(path: str, actor, source_code: str | None, dry_run: bool) -> str:
    """Show every row's verdict; import unless ``dry_run`` (all or none)."""
    content = Path(path).read_bytes()
    source = operations.source_coded(db.session, source_code) if source_code else None
    rows = lists.judge(db.session, lists.rows_of(Path(path).name, content), source)
    for row in rows:
        click.echo(
            f"第 {row.line} 行 {row.raw.get('ticket_no') or ''}：{row.verdict_label} {row.message}"
        )
    counts = Counter(row.verdict for row in rows)
    if dry_run:
        return _summary("预览", counts)
    import_complaints(db.session, content, Path(path).name, actor, source_code)
    return _summary("已导入", counts)


def _summary(what: str, counts: Counter) -> str:
    return (
        f"{what}：新登记 {counts[lists.NEW]} 条，更新 {counts[lists.CHANGED]} 条，"
        f"已存在 {counts[lists.KNOWN]} 条，错误 {counts[lists.ERROR]} 条"
    )
