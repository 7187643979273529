"""Every feature's tables, imported here so that Alembic and the app see the whole metadata."""

from panel.complaints import evidence, history, indexes, repeats
from panel.complaints import models as complaint_models
from panel.core.audit import models as audit_models
from panel.intake import models as intake_models
from panel.notices import models as notice_models
from panel.notifications import models as notification_models
from panel.organisation.models import department, setting, sla, staff, user
from panel.penalties import models as penalty_models
from panel.penalties import records, schedule
from panel.public import models as public_models
from panel.remedies import limits
from panel.remedies import models as remedy_models
from panel.reports import models as report_models
from panel.reports import rollup
from panel.security import models as security_models
from panel.worktime import models as worktime_models

__all__ = [
    "audit_models",
    "complaint_models",
    "department",
    "evidence",
    "history",
    "indexes",
    "intake_models",
    "limits",
    "notice_models",
    "notification_models",
    "penalty_models",
    "public_models",
    "records",
    "repeats",
    "remedy_models",
    "report_models",
    "rollup",
    "schedule",
    "security_models",
    "setting",
    "sla",
    "staff",
    "user",
    "worktime_models",
]
