"""The sample message the channel tests send."""

from __future__ import annotations

from panel.notifications import Message

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n\x00\xff\xfe binary \r\n tail\n%%EOF\n"
TITLE = "【投诉周报】2024年第19周 · 售后服务部"


def make_message(key: str = "outbox:42:email", **changes) -> Message:
    fields = {
        "title": TITLE,
        "markdown": "本周新受理 **12** 件投诉。\n\n> 办结率：85.3%",
        "text": "本周新受理 12 件投诉。\n办结率：85.3%\n",
        "idempotency_key": key,
        "attachments": [("投诉周报-2024W19.pdf", PDF, "application/pdf")],
        "short_text": "投诉周报已发送，详情见邮件",
    }
    return Message(**{**fields, **changes})
