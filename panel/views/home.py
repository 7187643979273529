"""The landing page after login."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user
from sqlalchemy import func, select

from panel.extensions import db
from panel.models import Complaint, Status
from panel.models.complaint_enums import OPEN_STATUSES


class HomeView(AdminIndexView):
    def is_accessible(self) -> bool:
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        counts = dict(
            db.session.execute(
                select(Complaint.status, func.count()).group_by(Complaint.status)
            ).all()
        )
        open_total = sum(n for status, n in counts.items() if status in OPEN_STATUSES)
        by_status = [(status, counts.get(status, 0)) for status in Status]
        return self.render("panel_home.html", open_total=open_total, by_status=by_status)
