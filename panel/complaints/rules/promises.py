"""Text that reads like a promise to the customer (000 §五.6: the clerk gives no answer,
agreement or admission beyond what was approved; 004 §八.1.4: do not promise what you are not
sure of).

A customer's demand in their own words ("要求赔偿误工费") is what the form is for; a concession
with a figure ("免收工时费 ¥300") or a commitment ("已答应客户…", "保证三天内修好") is what the
clerk may be about to tell the customer before anyone approved it. The check only warns: the
clerk may be recording exactly what the customer said.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

# A commitment in so many words ("不保证" is none).
_COMMITMENT = re.compile(
    r"(?<![不未没无])(?:承诺|保证|担保|包(?:赔|退|换|修好))"
    r"|(?:已经?|我们|我司|公司|本店|店里|我)(?:已经?)?(?:答应|同意)"
)
# A concession with a figure: a waiver, refund, discount or payment of a stated amount.
_CONCESSION = re.compile(
    r"(?:免收|免除|免费|减免|减收|退还|退款|返还|赔偿|赔付|补偿|补贴|优惠|折扣|报销|承担)"
    r"[^，。；,;\n]{0,12}?(?:[¥￥]\s*\d[\d,.]*|\d[\d,.]*\s*(?:元|块)|[一二三四五六七八九]折)"
    r"|打[一二三四五六七八九]折"
)
# What the customer asks for is a demand, not our promise: "客户要求退还 ¥1,200".
_ASKING = re.compile(r"要求|希望|想要|请求|申请|索赔|索要|提出|诉求")
_CLAUSE_END = re.compile(r"[，。；,;！!？?\n]")
_FIELDS = ("customer_demand", "content")


def promise_phrases(text: str | None) -> list[str]:
    """The phrases of ``text`` that read like a promise, in order, each once."""
    if not text:
        return []
    found = []
    for pattern in (_CONCESSION, _COMMITMENT):
        for match in pattern.finditer(text):
            clause = _CLAUSE_END.split(text[: match.start()])[-1]
            if not _ASKING.search(clause):
                found.append(match.group(0).strip())
    return list(dict.fromkeys(phrase for phrase in found if phrase))


def promise_warnings(values) -> list[tuple[str, str]]:
    """``(field, message)`` for the demand and the content of ``values`` (a complaint or a
    draft of one) where they read like a promise."""
    from panel.complaints.models import Complaint
    from panel.core.models import field_label

    warnings = []
    for name in _FIELDS:
        phrases = promise_phrases(getattr(values, name, None))
        if phrases:
            warnings.append(
                (
                    name,
                    _(
                        "%(field)s reads like a promise to the customer (“%(phrase)s”). Only "
                        "approved content may be told to the customer (000 §5.6): record the "
                        "customer's own words and promise nothing before approval.",
                        field=field_label(Complaint, name),
                        phrase="”、“".join(phrases),
                    ),
                )
            )
    return warnings
