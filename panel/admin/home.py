"""The landing page after login: the counts that matter to the user's role (panel.complaints)."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from panel.complaints.landing import landing_page


class HomeView(AdminIndexView):
    def is_accessible(self) -> bool:
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        return landing_page(self, current_user._get_current_object())
