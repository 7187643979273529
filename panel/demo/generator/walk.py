"""One generated complaint's walk through the lifecycle, with the rows the walk leaves behind:
transitions, remedies, callbacks, a penalty now and then, and the complaint's own fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from panel.complaints.enums import MAIN_PATH as ENUM_PATH
from panel.complaints.enums import Category, Fault, Severity, Status, Urgency
from panel.complaints.rules.deadlines import STEP_OF_STATUS
from panel.demo.generator import texts
from panel.organisation.models.sla import SlaStep
from panel.organisation.models.user import Role
from panel.remedies.models import RemedyKind, RemedyStatus

S = Status
MAIN_PATH = ENUM_PATH[1:]  # registered on creation
# Minutes between entering the previous state and entering this one (low, high).
GAP = {
    S.DISPATCHED: (5, 45),
    S.INVESTIGATING: (20, 240),
    S.AWAITING_APPROVAL: (180, 2400),
    S.APPROVED: (30, 480),
    S.REPLIED: (20, 360),
    S.CALLBACK_DONE: (300, 1800),
    S.CLOSED: (10, 720),
    S.INVALID: (60, 600),
    S.PENDING_CUSTOMER: (240, 1440),
    S.REOPENED: (1440, 7200),
}
# Minutes a matter waits on the customer before it resumes (two days to a month).
RESUME_GAP = (2 * 1440, 30 * 1440)
RECENT = timedelta(days=45)
FAULTS = (
    (Fault.OURS,) * 11 + (Fault.BOTH,) * 3 + (Fault.COMPLAINANT,) * 4 + (Fault.UNDETERMINED,) * 2
)
OPEN = frozenset(Status) - {S.CLOSED, S.INVALID}
# Stored values, looked up once (``member.value`` goes through a descriptor every time).
V = {member: member.value for kind in (Status, Fault, RemedyKind, RemedyStatus) for member in kind}


@dataclass(frozen=True)
class Facts:
    """What is known of a complaint when it is registered."""

    severity: Severity
    urgency: Urgency
    dept: int
    staff_id: int | None
    clerk: object
    created: datetime
    category: Category
    from_regulator: bool
    is_taxi: bool


class Case:
    """Walk one complaint; the results are in ``fields`` and the row lists."""

    def __init__(self, history, cid: int, index: int, facts: Facts) -> None:
        self.h, self.cid, self.index, self.facts = history, cid, index, facts
        self.severity, self.urgency = facts.severity, facts.urgency
        self.dept, self.staff_id = facts.dept, facts.staff_id
        self.clerk, self.created = facts.clerk, facts.created
        self.transitions: list[tuple] = []
        self.remedies: list[tuple] = []
        self.callbacks: list[tuple] = []
        self.penalties: list[tuple] = []
        self.fields: dict = {"reopen_count": 0}
        self.handler = None
        self.pending_remedies: list[dict] = []

    # --- helpers ------------------------------------------------------------------------------
    def _minutes(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=low + int(self.h.rng.random() * (high - low + 1)))

    def _due(self, start: datetime, status: Status) -> datetime | None:
        step = STEP_OF_STATUS.get(status)
        return None if step is None else self.h._due(start, step, self.severity, self.urgency)

    def _user(self, role: Role):
        return self.h.org.user(role, self.index)

    def _transition(self, old, new, actor, at, due, reason=None) -> None:
        self.transitions.append(
            (
                self.h.ids.take("complaint_transition"), self.cid,
                V[old] if old else None, V[new], actor.id, at, due,
                None if due is None else at <= due, reason,
            )
        )  # fmt: skip

    # --- the walk -----------------------------------------------------------------------------
    def walk(self, received: datetime) -> None:
        rng = self.h.rng
        due = self.h._due(received, SlaStep.REGISTER, self.severity, self.urgency)
        self._transition(None, S.REGISTERED, self.clerk, self.created, due)
        fate = rng.random()
        # A matter waiting on the customer resumes when the customer is back, and a reopened
        # complaint is handled again: only recent ones are still waiting or reopened at the end.
        recent = received > self.h.end - RECENT
        if fate < 0.04:
            path = (S.DISPATCHED, S.INVALID) if fate < 0.02 else (S.INVALID,)
        elif fate < 0.05:
            path = (S.DISPATCHED, S.INVESTIGATING, S.PENDING_CUSTOMER, S.INVESTIGATING)
            path += MAIN_PATH[2:]
        elif fate < 0.055 and recent:
            path = (*MAIN_PATH, S.REOPENED)
        else:
            path = MAIN_PATH
        slow = 5 if rng.random() < 0.1 else 1
        state, entered = S.REGISTERED, self.created
        for target in path:
            low, high = RESUME_GAP if state is S.PENDING_CUSTOMER else GAP[target]
            at = entered + self._minutes(low * slow, high * slow)
            if at > self.h.end:
                if state is S.INVESTIGATING and rng.random() < 0.5:
                    self._propose(entered, self.h.end)
                break
            actor, reason = self._enter(target, state, entered, at)
            self._transition(state, target, actor, at, self._due(entered, state), reason)
            if state is S.PENDING_CUSTOMER:  # its clocks stood still meanwhile
                self.fields["paused_seconds"] = int((at - entered).total_seconds())
            state, entered = target, at
        self.fields["status"] = V[state]
        if state is S.PENDING_CUSTOMER:  # waiting on the customer: its clocks stand still
            self.fields["paused_at"] = entered
        self.fields["step_due_at"] = self._due(entered, state) if state in OPEN else None
        self.fields["updated_at"] = entered
        self.fields["handler_id"] = self.handler.id if self.handler else None
        self._flush_remedies()

    def _enter(self, target: Status, state: Status, entered: datetime, at: datetime):
        """Set what entering ``target`` needs; return the actor and the reason of the step."""
        f, rng = self.fields, self.h.rng
        if target is S.DISPATCHED:
            f["responsible_department_id"] = self.dept
            return self.clerk, None
        if target is S.INVESTIGATING:
            self.handler = self._pick_handler()
            return self._user(Role.DEPT_MANAGER), None
        if target is S.AWAITING_APPROVAL:
            fault = FAULTS[int(rng.random() * len(FAULTS))]
            f["fault"], f["fault_evidence"] = V[fault], texts.EVIDENCE[fault]
            f["reply_content"] = texts.REPLIES[self.index % len(texts.REPLIES)]
            self._propose(entered, at)
            return self.handler, None
        if target is S.APPROVED:
            return self._decide(at), None
        if target is S.REPLIED:
            f["replied_at"] = at
            f["customer_opinion"] = texts.OPINIONS[self.index % len(texts.OPINIONS)]
            f["callback_due_at"] = self.h._due(at, SlaStep.CALLBACK, self.severity, self.urgency)
            if self.facts.from_regulator:
                f["regulator_replied_at"] = at + timedelta(hours=2)
            return self.clerk, None
        if target is S.CALLBACK_DONE:
            back = at - self._minutes(1, 30)
            self.callbacks.append(
                (self.h.ids.take("callback"), self.cid, back, self.clerk.id, True, "满意")
            )
            return self.clerk, None
        if target is S.CLOSED:
            f["closed_at"] = at
            if f.get("fault") == V[Fault.OURS]:
                self._maybe_penalise(at)
            return self.clerk, None
        if target is S.INVALID:
            fault = Fault.COMPLAINANT if rng.random() < 0.7 else Fault.UNDETERMINED
            f["fault"], f["fault_evidence"] = V[fault], texts.EVIDENCE[fault]
            f["reply_content"] = texts.INVALID_REPLIES[self.index % 2]
            f["closed_at"] = at
            return self.clerk, "经核实不属于有效投诉"
        if target is S.PENDING_CUSTOMER:
            return self.handler, texts.PENDING_REASON
        if target is S.REOPENED:
            f["reopen_count"], f["closed_at"] = 1, None
            return self.clerk, texts.REOPEN_REASON
        raise ValueError(target)

    def _pick_handler(self):
        for role in (Role.ADVISOR, Role.DEPT_MANAGER, Role.SERVICE_MANAGER):
            person = self._user(role)
            if person.staff_id is None or person.staff_id != self.staff_id:
                return person
        return self._user(Role.GENERAL_MANAGER)

    # --- remedies -----------------------------------------------------------------------------
    def _propose(self, start: datetime, end: datetime) -> None:
        if self.pending_remedies:
            return
        rng, org = self.h.rng, self.h.org
        choices = texts.remedy_choices(self.facts.category)
        count = 2 if rng.random() < 0.3 and len(choices) > 1 else 1
        span = max(int((end - start).total_seconds() // 60) - 1, 1)
        for kind, amount in choices[:count]:
            at = start + timedelta(minutes=1 + int(rng.random() * span))
            awaiting = org.approving_role(kind, amount)
            granted = org.may_grant(self.handler.role, kind, amount)
            self.pending_remedies.append(
                {
                    "kind": kind, "amount": amount, "proposed_by": self.handler, "at": at,
                    "awaiting": awaiting, "granted": granted,
                }
            )  # fmt: skip

    def _decide(self, at: datetime):
        """Approve every remedy still waiting; return the most senior approver."""
        ladder = (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER)
        top = self._user(Role.DEPT_MANAGER)
        for remedy in self.pending_remedies:
            if remedy["granted"]:
                continue
            rung = ladder.index(remedy["awaiting"]) if remedy["awaiting"] in ladder else 2
            for role in ladder[rung:]:
                approver = self._user(role)
                if approver.id != remedy["proposed_by"].id and approver.staff_id != self.staff_id:
                    break
            remedy["approver"], remedy["decided_at"] = approver, at - self._minutes(1, 20)
            if ladder.index(approver.role) > ladder.index(top.role):
                top = approver
        return top

    def _flush_remedies(self) -> None:
        for remedy in self.pending_remedies:
            granted = remedy["granted"]
            approver = remedy["proposed_by"] if granted else remedy.get("approver")
            decided = remedy["at"] if granted else remedy.get("decided_at")
            status = RemedyStatus.APPROVED if approver else RemedyStatus.PROPOSED
            kind: RemedyKind = remedy["kind"]
            self.remedies.append(
                (
                    self.h.ids.take("remedy"), self.cid, V[kind], remedy["amount"],
                    texts.REMEDY_TEXT[kind], V[status], remedy["proposed_by"].id, remedy["at"],
                    remedy["awaiting"].value, approver.id if approver else None, decided,
                    ("在本人权限内" if granted else "同意") if approver else None,
                    2 if approver and not granted else 1, remedy["at"], decided or remedy["at"],
                )
            )  # fmt: skip

    # --- penalties ----------------------------------------------------------------------------
    def _maybe_penalise(self, closed_at: datetime) -> None:
        rng = self.h.rng
        if self.staff_id is None or rng.randrange(12):
            return
        proposed = closed_at + self._minutes(600, 2880)
        decided = proposed + self._minutes(60, 600)
        if decided > self.h.end:
            return
        scope = "driver" if self.facts.is_taxi else "staff"
        offences = self.h.org.offences.get(scope) or self.h.org.offences.get("staff") or []
        offence_id, low, high = offences[self.index % len(offences)] if offences else (None, 5, 15)
        points = rng.randint(max(low, 1), max(high, 1))
        proposer, approver = self._user(Role.DEPT_MANAGER), self._user(Role.GENERAL_MANAGER)
        reason = texts.PENALTY_REASONS[self.index % len(texts.PENALTY_REASONS)]
        self.penalties.append(
            (
                self.h.ids.take("penalty"), self.cid, self.staff_id, offence_id, "points",
                points, False, False, reason, "approved", proposer.id, proposed, approver.id,
                decided, "同意", None, 2, proposed, decided,
            )
        )  # fmt: skip
