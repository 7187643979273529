"""Time the customer notice (投诉处理结果告知书): warm, cold, in a batch of 100, and its size.

    .venv/bin/python benchmarks/notices.py [--runs 30] [--batch 100] [--fallback-runs 3]

Builds a scratch SQLite database (migrated, demo organisation, company settings and a seal
image) and renders the one-page customer notice of a complaint with the rare name 刘䶮:

- ``warm_median_ms``: median render time after a few warm-up renders (template + WeasyPrint);
- ``cold_first_ms``: the first rendering in a fresh Python process, from the call to the PDF
  bytes: WeasyPrint's import (the app loads it on first use), fontconfig, the fonts and the
  stylesheet included (median of three processes). The process start and the app creation
  before it are printed as well (``process_ms``: interpreter start to the first PDF);
- ``batch100_s``: ``--batch`` approved complaints printed through the batch path the complaint
  list uses (each notice issued, archived and hash-checked, then merged into one PDF);
- ``max_kb``: the largest single notice PDF produced (every archived notice of the batch and
  the warm renders), seal included;
- ``fallback_ratio``: the same notice rendered with WeasyPrint's fontTools subsetting (forced
  here by hiding harfbuzz-subset from WeasyPrint) divided by the normal harfbuzz path.

Targets: warm median ≤ 100 ms, first render ≤ 2 s, 100 notices ≤ 15 s, each file ≤ 300 KB.
The last line is ``warm_median_ms=... cold_first_ms=... batch100_s=... max_kb=...
fallback_ratio=...``.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # the cold measurement counts from here, before any import

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPLY = (
    "经核实，您反映的保养后发动机异响问题，系我公司技师在保养作业中未按规范安装发动机下护板"
    "卡扣所致，我们对此深表歉意。我公司将为您免费返修，并补偿您往返交通费用。返修完成后，"
    "服务顾问将陪同您试车确认，如再出现同类问题，请随时与我们联系。"
)
# One customer in ten has a rare name character (䶮, 𠮷) that the notice font lacks; their
# notices embed the full Noto font as well, which costs about 30 ms and 100 KB more.
COMMON_NAMES = ["王建国", "赵敏", "陈晓雯", "孙国平", "周静", "吴磊", "李娜", "张伟", "黄勇"]
NAMES = ["刘䶮", *COMMON_NAMES, "吉𠮷", *COMMON_NAMES]
REMEDIES = [
    ("free_rework", "免费返修：重新安装发动机下护板并更换全部卡扣，返修工时费与材料费全免", "0"),
    ("compensation", "补偿往返交通费用", "800"),
]


def sample_context(seal_file: str, name: str = "王建国") -> dict:
    """The customer notice of the demo complaint, as its template receives it."""
    from panel.notices import documents
    from panel.notices.settings import CompanyDetails
    from panel.remedies.models import RemedyKind

    company = CompanyDetails(
        name="成都锦程汽车服务有限公司",
        address="成都市武侯区人民南路四段88号",
        hotline="028-86123456",
        regulator_hotlines=("12345 政务服务便民热线", "12328 交通运输服务监督电话"),
        seal_file=seal_file,
    )
    remedies = tuple(
        documents.ApprovedRemedy(str(RemedyKind(kind).label), text, Decimal(amount))
        for kind, text, amount in REMEDIES
    )
    view = documents.OutsideView(
        number="TS-20261120-0007",
        received_at=datetime(2026, 11, 20, 9, 42),
        channel="电话热线",
        category="维修质量",
        complainant_name=name,
        plate_number="川A12345",
        vehicle_model="大众帕萨特",
        repair_order_no="RO202611180007",
        trip_at=None,
        trip_route=None,
        content="保养后发动机异响",
        customer_demand="免费返修",
        reply_content=REPLY,
        remedies=remedies,
        fault=None,
        responsible_department=None,
        customer_opinion=None,
        regulator_name=None,
        regulator_replied_at=None,
    )
    context = documents.base_context(
        company, "GZ-2026-000123", 1, datetime(2026, 11, 23, 10, 5), "陈晓雯"
    )
    return {**context, "complaint": view}


def render_sample(seal_file: str, name: str = "王建国") -> bytes:
    from panel.notices.kinds import NoticeKind
    from panel.notices.render import render_pdf

    return render_pdf(NoticeKind.CUSTOMER_RESULT.template, **sample_context(seal_file, name)).pdf


def cold_child(seal_file: str) -> None:
    """Runs in a fresh process: create the app, render once; print the first rendering's
    milliseconds and those since the interpreter started."""
    from panel import create_app

    app = create_app("testing")
    with app.app_context():
        started, cpu_started = time.perf_counter(), time.process_time()
        render_sample(seal_file)
        done, cpu = time.perf_counter(), time.process_time() - cpu_started
    print(f"{(done - started) * 1000:.0f} {(done - STARTED) * 1000:.0f} {cpu * 1000:.0f}")


def make_seal() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (480, 480), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, 468, 468), outline=(200, 20, 20, 255), width=18)
    star = [(240, 150), (262, 215), (330, 215), (275, 255), (296, 320), (240, 280)]
    star += [(184, 320), (205, 255), (150, 215), (218, 215)]
    draw.polygon(star, fill=(200, 20, 20, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def set_up(count: int) -> tuple[str, list[int]]:
    """Migrate, load the demo organisation and settings; walk ``count`` complaints to APPROVED."""
    from flask_migrate import upgrade

    from panel.complaints import operations as process
    from panel.complaints.enums import Category, Channel, Fault, Status
    from panel.complaints.models import Complaint
    from panel.core.actor import acting_as
    from panel.core.extensions import db
    from panel.demo.loader import load_demo_data
    from panel.notices import settings
    from panel.organisation.models.department import Department
    from panel.organisation.models.user import Role, User
    from panel.remedies import rules as authority
    from panel.remedies.models import RemedyKind

    upgrade(revision="heads")
    load_demo_data(complaints=0)
    session = db.session
    settings.save_settings(
        session,
        {
            settings.COMPANY_NAME: "成都锦程汽车服务有限公司",
            settings.COMPANY_ADDRESS: "成都市武侯区人民南路四段88号",
            settings.HOTLINE: "028-86123456",
            settings.REGULATOR_HOTLINES: "12345 政务服务便民热线\n12328 交通运输服务监督电话",
        },
    )
    seal_file = settings.save_seal(session, make_seal())
    session.commit()

    def user(role: Role) -> User:
        return session.scalar(db.select(User).filter_by(role=role).order_by(User.id))

    clerk, advisor = user(Role.CLERK), user(Role.ADVISOR)
    after_sales = session.scalar(db.select(Department).filter_by(code="SH"))
    ids = []
    for index in range(count):
        complaint = Complaint(
            channel=Channel.HOTLINE,
            complainant_name=NAMES[index % len(NAMES)],
            complainant_phone="13812345678",
            plate_number="川A12345",
            content="保养后发动机异响",
            category=Category.REPAIR_QUALITY,
            complained_department=after_sales,
            recorded_by=clerk,
        )
        session.add(complaint)
        with acting_as(clerk):
            session.flush()
        process.dispatch(session, complaint, clerk, after_sales)
        process.start_investigation(session, complaint, user(Role.DEPT_MANAGER), advisor)
        process.record_fault(session, complaint, advisor, Fault.OURS, "工单与监控一致")
        for kind, text, amount in REMEDIES:
            authority.propose_remedy(
                session, complaint, advisor, RemedyKind(kind), Decimal(amount), text
            )
        process.submit_for_approval(session, complaint, advisor, REPLY)
        for remedy in complaint.remedies:
            if remedy.status.value == "proposed":
                authority.decide_remedy(session, remedy, user(remedy.awaiting_role), True, "同意")
        process.move(session, complaint, Status.APPROVED, user(Role.SERVICE_MANAGER))
        ids.append(complaint.id)
    session.commit()
    return seal_file, ids


def timed(function, runs: int) -> tuple[list[float], list[bytes]]:
    times, outputs = [], []
    for _ in range(runs):
        started = time.perf_counter()
        outputs.append(function())
        times.append(time.perf_counter() - started)
    return times, outputs


def run_batch(ids: list[int]) -> tuple[float, float, list[int], int]:
    from panel.core.extensions import db
    from panel.notices.batch import choose_kind, merged_pdf, run_step, start_batch
    from panel.notices.kinds import NoticeKind
    from panel.organisation.models.user import Role, User

    session = db.session
    clerk = session.scalar(db.select(User).filter_by(role=Role.CLERK).order_by(User.id))
    started, cpu_started = time.perf_counter(), time.process_time()
    batch = start_batch(session, ids, clerk)
    choose_kind(batch, NoticeKind.CUSTOMER_RESULT, clerk)
    session.commit()
    while not batch.finished:
        run_step(session, batch, clerk)
    merged = merged_pdf(session, batch)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if batch.skipped or len(batch.notice_ids) != len(ids):
        raise SystemExit(f"batch skipped complaints: {batch.skipped}")
    return seconds, cpu, batch.notice_ids, len(merged)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--fallback-runs", type=int, default=3)
    parser.add_argument("--cold-child", metavar="SEAL_FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child is not None:
        cold_child(args.cold_child)
        return 0

    scratch = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    os.environ["PANEL_INSTANCE_PATH"] = str(scratch)
    os.environ["TEST_DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite'}"

    from panel import create_app
    from panel.core.extensions import db
    from panel.notices.models import Notice, notice_file

    app = create_app("testing")
    with app.app_context():
        print(f"setting up {args.batch} approved complaints …", flush=True)
        seal_file, ids = set_up(args.batch)

        render_sample(seal_file)  # warm-up: fonts, stylesheet, seal image
        render_sample(seal_file)
        cpu_started = time.process_time()
        warm, pdfs = timed(lambda: render_sample(seal_file), args.runs)
        warm_cpu_ms = (time.process_time() - cpu_started) / args.runs * 1000
        warm_ms = statistics.median(warm) * 1000
        print(
            f"warm render: median {warm_ms:.1f} ms, min {min(warm) * 1000:.1f} ms, "
            f"max {max(warm) * 1000:.1f} ms over {args.runs} runs (CPU {warm_cpu_ms:.1f} ms each); "
            f"{len(pdfs[0]) / 1024:.0f} KB"
        )

        cold, process, cold_cpu = [], [], []
        for _ in range(3):
            child = subprocess.run(
                [sys.executable, __file__, "--cold-child", seal_file],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ,
            )
            first, total, cpu = child.stdout.strip().splitlines()[-1].split()
            cold.append(float(first))
            process.append(float(total))
            cold_cpu.append(float(cpu))
        cold_ms = statistics.median(cold)
        print(
            f"cold first render in a fresh process: {cold} ms "
            f"(CPU {cold_cpu} ms; interpreter start to first PDF: {process} ms)"
        )

        batch_s, batch_cpu, notice_ids, merged_size = run_batch(ids)
        sizes = db.session.scalars(db.select(Notice.size).where(Notice.id.in_(notice_ids))).all()
        pages = db.session.scalars(db.select(Notice.pages).where(Notice.id.in_(notice_ids))).all()
        stored = db.session.scalar(db.select(db.func.count()).select_from(notice_file))
        max_kb = max([*sizes, *(len(p) for p in pdfs)]) / 1024
        merged_mb = merged_size / 1024 / 1024
        print(
            f"batch of {len(ids)}: {batch_s:.2f} s ({batch_s / len(ids) * 1000:.0f} ms each), "
            f"{stored} archived, pages {set(pages)}, merged PDF {merged_mb:.1f} MB; "
            f"largest notice {max_kb:.0f} KB; CPU time {batch_cpu:.2f} s"
        )

        import weasyprint.pdf.fonts as weasyprint_fonts

        harfbuzz_subset = weasyprint_fonts.harfbuzz_subset
        weasyprint_fonts.harfbuzz_subset = None  # WeasyPrint now subsets with fontTools
        try:
            slow, _ = timed(lambda: render_sample(seal_file), args.fallback_runs)
        finally:
            weasyprint_fonts.harfbuzz_subset = harfbuzz_subset
        slow_ms = statistics.median(slow) * 1000
        ratio = slow_ms / warm_ms
        print(
            f"fontTools subsetting: median {slow_ms:.0f} ms over {args.fallback_runs} runs "
            f"= {ratio:.1f} × the harfbuzz path"
        )
        db.session.remove()
        db.engine.dispose()

    shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"warm_median_ms={warm_ms:.1f} cold_first_ms={cold_ms:.0f} batch100_s={batch_s:.2f} "
        f"max_kb={max_kb:.0f} fallback_ratio={ratio:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
