"""Departments, staff, login accounts, settings and the SLA policy: the tables the
administrator keeps, and the low-code policy tables managers read."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The organisation and settings pages, and ``create-user``."""
    from flask_babel import lazy_gettext as _l

    from panel.core.extensions import db
    from panel.organisation.admin import DepartmentView, StaffView
    from panel.organisation.admin_policy import AuthorityLimitView, SettingView, SlaPolicyView
    from panel.organisation.admin_users import UserView
    from panel.organisation.cli import create_user
    from panel.organisation.models.department import Department
    from panel.organisation.models.setting import Setting
    from panel.organisation.models.sla import SlaPolicy
    from panel.organisation.models.staff import Staff
    from panel.organisation.models.user import User
    from panel.remedies.limits import AuthorityLimit

    organisation, settings = _l("Organisation"), _l("Settings")
    admin.add_view(
        DepartmentView(
            Department, db, name=_l("Departments"), endpoint="department", category=organisation
        )
    )
    admin.add_view(StaffView(Staff, db, name=_l("Staff"), endpoint="staff", category=organisation))
    admin.add_view(UserView(User, db, name=_l("Users"), endpoint="user", category=settings))
    admin.add_view(
        AuthorityLimitView(
            AuthorityLimit, db, name=_l("Authority limits"), endpoint="authority", category=settings
        )
    )
    admin.add_view(
        SlaPolicyView(SlaPolicy, db, name=_l("Deadlines"), endpoint="sla", category=settings)
    )
    admin.add_view(
        SettingView(
            Setting, db, name=_l("Thresholds and settings"), endpoint="setting", category=settings
        )
    )
    app.cli.add_command(create_user)
