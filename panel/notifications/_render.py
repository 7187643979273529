"""Lays a notification kind out as title, robot markdown, e-mail text and SMS short text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from panel.notifications import _format as f
from panel.notifications.message import Attachment, Message


@dataclass(frozen=True)
class Kind:
    """One event kind: title and intro templates, ``(label, expression)`` fields (a field whose
    value renders empty is left out), required context keys, the link label, an optional
    ``prepare`` hook that checks the context and adds derived keys, and an optional ``short``
    template for the text message (else: the title and the link)."""

    title: str
    intro: str
    fields: tuple[tuple[str, str], ...]
    required: tuple[str, ...]
    link_label: str = "查看投诉"
    prepare: Callable[[dict[str, Any]], None] | None = None
    short: str | None = None


@dataclass(frozen=True)
class RenderedText:
    """A rendered notification: ``title``, ``markdown``, plain ``text`` and SMS ``short_text``."""

    kind: str
    title: str
    markdown: str
    text: str
    short_text: str

    def message(
        self, idempotency_key: str, attachments: Iterable[Attachment | tuple] = ()
    ) -> Message:
        """The :class:`Message` the channels deliver."""
        return Message(
            title=self.title,
            markdown=self.markdown,
            text=self.text,
            idempotency_key=idempotency_key,
            attachments=tuple(attachments),
            short_text=self.short_text,
        )


def render_kind(name: str, spec: Kind, context: Mapping[str, Any]) -> RenderedText:
    """Render ``spec`` with ``context`` (see :func:`panel.notifications.texts.render`)."""
    ctx = _prepare(name, spec, context)
    title = " ".join(f.template(spec.title).render(ctx).split())
    rows = [(label, f.template(f"{{{{ {expr} }}}}").render(ctx)) for label, expr in spec.fields]
    rows = [(label, " ".join(value.split())) for label, value in rows if value.strip()]
    url = ctx.get("url")

    md = [f.template(spec.intro, markdown=True).render(ctx), ""]
    md.append("  \n".join(_md_row(i, label, value) for i, (label, value) in enumerate(rows)))
    text = [f.template(spec.intro).render(ctx), ""]
    text += [f"{label}：{value}" for label, value in rows]
    if url:
        md += ["", f"[{spec.link_label}]({f.md_url(url)})"]
        text += ["", f"{spec.link_label}：{url}"]
    if spec.short:
        short = " ".join(f.template(spec.short).render(ctx).split())
    else:
        short = f"{title}，详情：{url}" if url else title
    return RenderedText(
        kind=name,
        title=title,
        markdown="\n".join(md).strip() + "\n",
        text="\n".join(text).strip() + "\n",
        short_text=short,
    )


def _prepare(name: str, spec: Kind, context: Mapping[str, Any]) -> dict[str, Any]:
    ctx = {key: value for key, value in context.items() if key not in f.PHONE_KEYS}
    missing = [key for key in spec.required if f.blank(ctx.get(key))]
    if missing:
        raise ValueError(f"{name}: missing context {', '.join(missing)}")
    masked = ctx.get("masked_phone")
    if not f.blank(masked) and not f.is_masked_phone(str(masked)):
        raise ValueError("masked_phone must be an already-masked number such as 138****5678")
    if not f.blank(ctx.get("url")):
        ctx["url"] = f.check_url(str(ctx["url"]))
    if spec.prepare is not None:
        spec.prepare(ctx)
    return ctx


def _md_row(index: int, label: str, value: str) -> str:
    value = f.md_escape(value)
    return f"> {label}：**{value}**" if index == 0 else f"> {label}：{value}"
