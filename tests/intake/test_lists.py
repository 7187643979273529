"""Regulator lists uploaded in the panel (and imported by the command): a preview with a
verdict per row, then the import, with the same idempotency as the API."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select

from panel.complaints.enums import Channel
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.intake.models import IntakeSource
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.intake.conftest import WORK_ORDER, token_of

HEADINGS = ["工单编号", "受理时间", "办结时限", "诉求人", "联系电话", "车牌号", "诉求内容", "诉求"]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["12345 政务服务便民热线 工单导出"])  # a title row above the headings
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS = [
    ["GD-2026-120100017", "2026-12-01 09:30", "2026-12-04 17:30", "王先生", "13812345678",
     "川A12345", "4S店保养后车辆异响，多次返修未果。", "免费维修并赔偿误工费"],  # already posted
    ["GD-2026-120100018", "2026-12-01 10:05", "2026-12-04 17:30", "刘女士", "028-86123456",
     "川A54321", "维修费用与报价不符。", "退还多收费用"],
    ["GD-2026-120100019", "2026-12-01 11:00", "", "赵先生", "010-4577218",
     "", "司机绕路。", ""],  # a Beijing number with seven digits cannot exist
    ["GD-2026-120100020", "2026-12-01 11:20", "", "", "13912345678", "", "", ""],
]  # fmt: skip


def source_id(code: str) -> int:
    return db.session.scalar(select(IntakeSource.id).filter_by(code=code))


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def upload(client, content: bytes, name: str = "12345工单.xlsx"):
    page = client.get("/admin/intake-upload/")
    return client.post(
        "/admin/intake-upload/",
        data={"csrf_token": csrf_token(page.text), "source_id": source_id("12345"),
              "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )  # fmt: skip


def verdicts(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-line="(\d+)" data-verdict="(\w+)"', html))


def test_an_xlsx_preview_judges_every_row_then_imports(client, api, login_as):
    api("POST", "/api/v1/work-orders", WORK_ORDER, token_of("12345"))  # the first row is known
    login_as(Role.CLERK)
    response = upload(client, xlsx(ROWS))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    assert verdicts(preview.text) == {"3": "known", "4": "new", "5": "error", "6": "error"}
    assert "不是有效的电话号码" in preview.text
    assert "请填写投诉人" in preview.text and "请填写投诉内容" in preview.text
    before = count()
    imported = client.post(
        response.headers["Location"] + "/import", data={"csrf_token": csrf_token(preview.text)}
    )
    assert "新登记 1 条" in imported.text and "错误 2 条" in imported.text
    assert count() == before + 1
    complaint = db.session.scalar(select(Complaint).filter_by(complainant_name="刘女士"))
    assert complaint.channel is Channel.REGULATOR
    assert complaint.recorded_by.username == "clerk"
    again = client.get(upload(client, xlsx(ROWS)).headers["Location"])
    assert verdicts(again.text) == {"3": "known", "4": "known", "5": "error", "6": "error"}


def test_a_csv_in_gb18030_as_excel_saves_it(client, login_as):
    login_as(Role.CLERK)
    text = ",".join(HEADINGS) + "\n" + ",".join(ROWS[1]) + "\n"
    response = upload(client, text.encode("gb18030"), "清单.csv")
    preview = client.get(response.headers["Location"])
    assert verdicts(preview.text) == {"2": "new"}


def test_a_file_without_a_ticket_column_is_refused(client, login_as):
    login_as(Role.CLERK)
    response = upload(client, "姓名,电话\n张三,13812345678\n".encode(), "list.csv")
    assert response.status_code == 302
    assert "工单编号" in client.get(response.headers["Location"]).text


def test_the_advisor_and_the_auditor_may_not_upload(client, login_as):
    login_as(Role.AUDITOR)
    assert client.get("/admin/intake-upload/").status_code == 403


def test_the_import_command_behaves_alike(app, tmp_path):
    path = tmp_path / "12345.xlsx"
    path.write_bytes(xlsx(ROWS[:2]))
    runner = CliRunner()
    command = app.cli.get_command(None, "import-complaints")
    args = [str(path), "--as", "clerk", "--source", "12345"]
    before = count()
    result = runner.invoke(command, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "新工单" in result.output and count() == before
    result = runner.invoke(command, args)
    assert result.exit_code == 0, result.output
    assert "新登记 2 条" in result.output and count() == before + 2
    result = runner.invoke(command, args)
    assert "已存在 2 条" in result.output and count() == before + 2
    path.write_bytes(xlsx(ROWS[1:3]))
    result = runner.invoke(command, args)
    assert result.exit_code != 0 and "第 4 行" in result.output
    assert count() == before + 2
