"""Screenshots of the desk for reviews: the registration form, a case file and the approval page,
on a desktop (1400 × 900) and a phone (390 × 844), from a scratch SQLite database with the demo
data, in Debian's headless Chromium.

    .venv/bin/python scripts/screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A page reached from a list: (list address, the link to follow).
CASE_FILE = ("/admin/complaint/", "a[href*='/admin/complaint/details/']")
APPROVAL = ("/admin/approval/", "a.btn-primary[href*='/admin/approval/']")

SHOTS = [
    # (file, user, address, viewport, full page)
    ("registration-desktop.png", "clerk", "/admin/complaint/new/", (1400, 900), False),
    ("complaint-list-desktop.png", "clerk", "/admin/complaint/", (1400, 900), False),
    ("case-file-desktop.png", "advisor", CASE_FILE, (1400, 900), True),
    ("approval-queue-phone.png", "svcmgr", "/admin/approval/", (390, 844), False),
    ("approval-desktop.png", "svcmgr", APPROVAL, (1400, 900), True),
    ("approval-phone.png", "svcmgr", APPROVAL, (390, 844), True),
    ("dashboard-phone.png", "gm", "/admin/reports/", (390, 844), True),
]


def serve(folder: Path) -> tuple[object, str]:
    os.environ["PANEL_INSTANCE_PATH"] = str(folder)  # the scratch database lives there
    os.environ.pop("DATABASE_URL", None)
    from flask_migrate import upgrade

    from panel import create_app
    from panel.core.extensions import db
    from panel.demo.loader import load_demo_data

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        load_demo_data()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def first_link(page, listing: str, link: str) -> str:
    """Where the first ``link`` of the page at ``listing`` leads."""
    page.goto(listing)
    return page.locator(link).first.get_attribute("href")


def main() -> int:
    from playwright.sync_api import sync_playwright

    output = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        server, url = serve(Path(scratch))
        chromium_path = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, args=["--headless", "--no-sandbox"]
            )
            for name, user, address, (width, height), full in SHOTS:
                context = browser.new_context(
                    base_url=url, locale="zh-CN", viewport={"width": width, "height": height}
                )
                page = context.new_page()
                page.goto("/login")
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", "Demo1234")
                page.click("button[type=submit]")
                page.wait_for_url("**/admin/")
                if isinstance(address, tuple):
                    address = first_link(page, *address)
                page.goto(address)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(output / name), full_page=full)
                wide = page.evaluate("document.documentElement.scrollWidth")
                tall = page.evaluate("document.documentElement.scrollHeight")
                print(f"{name}: {address} as {user}, page {wide} × {tall} px")
                context.close()
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
