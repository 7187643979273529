"""The case file's view of a complaint's history: the complaints it was linked to as a repeat
and the other complaints of the same phone number or plate (the viewer's scope applies)."""

from __future__ import annotations

from flask_login import current_user

from panel.complaints.models import Complaint
from panel.complaints.repeats import earlier_complaints, linked_earlier_ids
from panel.core.extensions import db
from panel.intake.models import WorkOrder


def casefile_history(complaint: Complaint) -> dict:
    """What the case file's "earlier complaints" section shows to the current user."""
    user = current_user._get_current_object()
    others = earlier_complaints(
        db.session,
        user,
        phone=complaint.complainant_phone,
        plate=complaint.plate_number,
        exclude_id=complaint.id,
    )
    linked = linked_earlier_ids(db.session, complaint)
    work_order = db.session.scalar(db.select(WorkOrder).filter_by(complaint_id=complaint.id))
    return {"complaints": others, "linked": linked, "work_order": work_order}
