"""The admin site: index, menus and the model views."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from panel.admin.home import HomeView
from panel.complaints.admin import ComplaintView
from panel.complaints.models import Complaint
from panel.core.audit.admin import AuditEntryView
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.admin import DepartmentView, StaffView
from panel.organisation.admin_policy import AuthorityLimitView, SettingView, SlaPolicyView
from panel.organisation.admin_users import UserView
from panel.organisation.models.department import Department
from panel.organisation.models.setting import Setting
from panel.organisation.models.sla import SlaPolicy
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import User
from panel.penalties import init_app as init_penalties
from panel.remedies.admin import RemedyView
from panel.remedies.limits import AuthorityLimit
from panel.remedies.models import Remedy


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
