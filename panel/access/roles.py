"""Every role set of the panel, defined once: who approves, who registers, who sees what.

Each name says what the roles in it may do; modules import the set they need from here, so a
change of policy ("the auditor may now read the ledger") is one edit in one file.
"""

from __future__ import annotations

from panel.organisation.models.user import Role

ALL_ROLES = frozenset(Role)

# Who approves, from the lowest rung up; escalation climbs this ladder.
APPROVAL_LADDER = (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER)
MANAGERS = frozenset(APPROVAL_LADDER)
SENIOR_MANAGERS = frozenset({Role.SERVICE_MANAGER, Role.GENERAL_MANAGER})
# Managers and the auditor: read penalties, ledgers and reports, may show a full phone number.
REVIEWERS = MANAGERS | {Role.AUDITOR}

# Process work.
PROPOSERS = frozenset({Role.ADVISOR}) | MANAGERS  # propose remedies
FRONT_DESK = frozenset({Role.CLERK}) | MANAGERS  # dispatch, reply, callback, close
HANDLERS = frozenset({Role.ADVISOR}) | MANAGERS  # investigate as the handler
REGISTRARS = frozenset({Role.CLERK, Role.ADVISOR}) | MANAGERS  # register complaints
WORKERS = ALL_ROLES - {Role.ADMIN}  # everyone who works on complaints or reads them

# Department scope: these roles see their own department's complaints only.
SCOPED_ROLES = frozenset({Role.ADVISOR, Role.DEPT_MANAGER})

# Reading and writing.
READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.ADMIN})  # change no complaint data
REMEDY_READERS = ALL_ROLES - {Role.ADMIN}  # amounts, fault and remedies
FULL_PHONE_ROLES = frozenset({Role.CLERK, Role.ADVISOR})  # call customers back; others masked
ADMIN_ONLY = frozenset({Role.ADMIN})
POLICY_READERS = MANAGERS | {Role.AUDITOR, Role.ADMIN}  # low-code tables and the audit trail
ESCALATION_READERS = SENIOR_MANAGERS | {Role.AUDITOR}

# Reports (read by the REVIEWERS).
INTAKE_EDITORS = MANAGERS | {Role.ADMIN}
INTAKE_DELETERS = SENIOR_MANAGERS | {Role.ADMIN}

# Penalties.
PENALTY_PROPOSERS = frozenset({Role.DEPT_MANAGER, Role.SERVICE_MANAGER})
PENALTY_FILERS = frozenset({Role.CLERK, Role.ADVISOR}) | MANAGERS  # appeals, commendations
APPEAL_READERS = REVIEWERS | {Role.CLERK}  # every appeal, not only one's own
RESPONSIBILITY_READERS = HANDLERS | {Role.CLERK, Role.AUDITOR}
PENALTY_SUMMARY_ROLES = SENIOR_MANAGERS | {Role.AUDITOR}

# Notices.
NOTICE_ISSUERS = frozenset({Role.CLERK}) | MANAGERS
NOTICE_READERS = NOTICE_ISSUERS | {Role.AUDITOR}  # the archive

# Customers and source systems (panel.public, panel.intake).
SYSTEM_ACCOUNT_ROLE = Role.CLERK  # the accounts the public pages and the API act as
INTAKE_ADMINS = ADMIN_ONLY  # API tokens per source system, the list of sources
LIST_IMPORTERS = frozenset({Role.CLERK}) | MANAGERS  # regulator lists uploaded in the panel
HISTORY_READERS = REGISTRARS  # earlier complaints of a phone or plate while registering
SURVEY_SENDERS = FRONT_DESK  # a survey link at the callback


def names(roles) -> str:
    """Role labels for messages, e.g. "部门经理、服务经理/客服总监"."""
    return "、".join(str(role.label) for role in sorted(roles, key=list(Role).index))
