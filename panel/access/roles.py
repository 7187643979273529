"""Role groups and the approval ladder."""

from __future__ import annotations

from panel.organisation.models.user import Role

# Who approves, from the lowest rung up; escalation climbs this ladder.
APPROVAL_LADDER = (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER)
MANAGERS = frozenset(APPROVAL_LADDER)
PROPOSERS = frozenset({Role.ADVISOR}) | MANAGERS
FRONT_DESK = frozenset({Role.CLERK}) | MANAGERS
HANDLERS = frozenset({Role.ADVISOR}) | MANAGERS
REGISTRARS = frozenset({Role.CLERK, Role.ADVISOR}) | MANAGERS


def names(roles) -> str:
    """Role labels for messages, e.g. "部门经理、服务经理/客服总监"."""
    return "、".join(str(role.label) for role in sorted(roles, key=list(Role).index))
