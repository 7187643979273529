"""What a department manager sees of the penalty records: the staff of their own department
(the department that keeps the person's performance points). Other readers see every row."""

from __future__ import annotations

from flask_login import current_user

from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role


def own_department_id() -> int | None:
    """The department a department manager is limited to (None: every department)."""
    if current_user.role is not Role.DEPT_MANAGER:
        return None
    staff = current_user.staff
    return staff.department_id if staff is not None else -1


class StaffScopedView:
    """Mixed into a model view whose rows have a ``staff`` relationship: list, count, export
    and the row pages (``get_one``, which Flask-Admin does not filter) all keep the scope."""

    def _scoped(self, query):
        own = own_department_id()
        if own is None:
            return query
        return query.filter(self.model.staff.has(Staff.department_id == own))

    def get_query(self):
        return self._scoped(super().get_query())

    def get_count_query(self):
        return self._scoped(super().get_count_query())

    def get_one(self, id):
        row = super().get_one(id)
        own = own_department_id()
        if row is not None and own is not None and row.staff.department_id != own:
            return None
        return row
