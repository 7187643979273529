"""The admin site: index, menus and the model views."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from panel.extensions import db
from panel.models.authority import AuthorityLimit
from panel.models.complaint import Complaint
from panel.models.department import Department
from panel.models.history import AuditEntry
from panel.models.remedy import Remedy
from panel.models.setting import Setting
from panel.models.sla import SlaPolicy
from panel.models.staff import Staff
from panel.models.user import User
from panel.penalties import init_app as init_penalties
from panel.views.audit import AuditEntryView
from panel.views.complaint import ComplaintView
from panel.views.home import HomeView
from panel.views.organisation import DepartmentView, StaffView
from panel.views.policy import AuthorityLimitView, SettingView, SlaPolicyView
from panel.views.remedy import RemedyView
from panel.views.user import UserView


def init_admin(app: Flask) -> Admin:
    """Mount the panel at /admin with the Chinese Bootstrap 4 theme."""
    admin = Admin(
        app,
        name=_l("Complaint handling platform"),
        index_view=HomeView(name=_l("Home"), url="/admin"),
        theme=Bootstrap4Theme(base_template="panel_base.html", fluid=True),
    )
    session = db  # Flask-Admin 2.2 takes the db object
    admin.add_view(ComplaintView(Complaint, session, name=_l("Complaints"), endpoint="complaint"))
    admin.add_view(RemedyView(Remedy, session, name=_l("Remedies"), endpoint="remedy"))
    init_penalties(app, admin)
    admin.add_view(
        DepartmentView(
            Department,
            session,
            name=_l("Departments"),
            endpoint="department",
            category=_l("Organisation"),
        )
    )
    admin.add_view(
        StaffView(Staff, session, name=_l("Staff"), endpoint="staff", category=_l("Organisation"))
    )
    admin.add_view(
        UserView(User, session, name=_l("Users"), endpoint="user", category=_l("Settings"))
    )
    settings = _l("Settings")
    admin.add_view(
        AuthorityLimitView(
            AuthorityLimit,
            session,
            name=_l("Authority limits"),
            endpoint="authority",
            category=settings,
        )
    )
    admin.add_view(
        SlaPolicyView(SlaPolicy, session, name=_l("Deadlines"), endpoint="sla", category=settings)
    )
    admin.add_view(
        SettingView(
            Setting,
            session,
            name=_l("Thresholds and settings"),
            endpoint="setting",
            category=settings,
        )
    )
    admin.add_view(
        AuditEntryView(
            AuditEntry, session, name=_l("Audit trail"), endpoint="audit", category=settings
        )
    )
    return admin
