"""Years of believable complaint history, generated row by row from a seed.

Each complaint walks the real lifecycle (``panel.complaints.rules.lifecycle.STEPS``) with the
people of
the organisation: registered and dispatched by a clerk, investigated by an advisor or the
department manager, remedies approved by the role the authority table names, replied, called
back, closed. Complaints received lately are still open wherever their walk has reached by the
end time. Severity and urgency follow the classification criteria (without the repeat-complaint
search), due times follow the SLA table, transitions say whether each step was on time.

:class:`History` yields plain tuples in the column order of ``COLUMNS``;
:mod:`panel.demo.generator.command`
writes them. Same seed, same organisation, same end time: same rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from panel.complaints.enums import Category, Channel, Severity, Urgency
from panel.demo import people
from panel.demo.generator.organisation import Organisation
from panel.demo.generator.walk import Case, Facts
from panel.demo.loader import REGULATORS, TRIP_ROUTES, VEHICLE_MODELS
from panel.demo.stories import STORIES
from panel.organisation.models.sla import SlaStep
from panel.organisation.models.user import Role
from panel.worktime.policies import Limit
from panel.worktime.rules import is_business_time

COLUMNS = {
    "complaint": (
        "id", "number", "received_at", "channel", "regulator_name", "complainant_name",
        "complainant_phone", "complainant_address", "plate_number", "vehicle_model",
        "repair_order_no", "trip_at", "trip_route", "content", "read_back", "customer_demand",
        "recorded_by_id", "complained_department_id", "complained_staff_id", "amount_claimed",
        "people_count", "flag_safety", "flag_injury", "flag_media", "flag_lawyer", "flag_police",
        "flag_consumer_association", "flag_government", "flag_repeat_repair", "flag_lawsuit",
        "category", "nature", "severity", "severity_computed", "urgency", "status",
        "responsible_department_id", "handler_id", "step_due_at", "resolve_due_at",
        "callback_due_at", "fault", "fault_evidence", "reply_content", "customer_opinion",
        "regulator_replied_at", "replied_at", "closed_at", "reopen_count", "version_id",
        "created_at", "updated_at", "escalate_due_at", "regulator_reply_due_at", "out_of_hours",
        "paused_at", "paused_seconds",
    ),
    "complaint_transition": (
        "id", "complaint_id", "from_status", "to_status", "actor_id", "at", "due_at", "on_time",
        "reason",
    ),
    "remedy": (
        "id", "complaint_id", "kind", "amount", "description", "status", "proposed_by_id",
        "proposed_at", "awaiting_role", "approver_id", "decided_at", "decision_comment",
        "version_id", "created_at", "updated_at",
    ),
    "callback": ("id", "complaint_id", "at", "by_id", "satisfied", "comment"),
    "penalty": (
        "id", "complaint_id", "staff_id", "offence_id", "kind", "points", "major_demerit",
        "circular", "reason", "status", "proposed_by_id", "proposed_at", "approver_id",
        "decided_at", "decision_comment", "note", "version_id", "created_at", "updated_at",
    ),
    "audit_entry": (
        "id", "at", "actor_id", "actor_name", "action", "table_name", "row_id", "complaint_id",
        "changes",
    ),
}  # fmt: skip

MAJOR_FLAGS = (
    "flag_safety", "flag_injury", "flag_media", "flag_lawyer", "flag_police",
    "flag_consumer_association", "flag_government", "flag_repeat_repair",
)  # fmt: skip
FLAG_ODDS = {  # one in n complaints carries the flag (chance 1/n)
    "flag_safety": 60, "flag_injury": 300, "flag_media": 150, "flag_lawyer": 400,
    "flag_police": 500, "flag_consumer_association": 120, "flag_government": 400,
    "flag_repeat_repair": 25, "flag_lawsuit": 2000,
}  # fmt: skip
CHANNEL_WEIGHTS = (30, 15, 12, 3, 8, 12, 8, 8, 4)  # in the order of ``Channel``


@dataclass
class Batch:
    """The rows of one chunk of complaints, per table, plus the numbers taken per day."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in COLUMNS})
    last_number: dict[date, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows["complaint"])


@dataclass
class Ids:
    """The next free id of each table (the generator sets ids itself)."""

    next: dict[str, int]

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class History:
    """Generate ``count`` complaints received evenly between ``start`` and ``end``."""

    def __init__(
        self,
        org: Organisation,
        count: int,
        start: datetime,
        end: datetime,
        ids: Ids,
        counters: dict[date, int],
        seed: int = 20261123,
    ) -> None:
        self.org, self.count, self.start, self.end = org, count, start, end
        self.ids, self.counters = ids, dict(counters)
        self.rng = random.Random(seed)
        pool = max(1000, min(count // 3, 300_000))
        pick = random.Random(seed + 1)
        self.names = [people.person_name(pick) for _ in range(min(pool, 20_000))]
        self.phones = [people.mobile(pick) for _ in range(pool)]
        self.plates = [people.plate(pick, new_energy=pick.random() < 0.2) for _ in range(pool)]
        self.addresses = [people.address(pick) for _ in range(2000)]
        self.taxi_code = org.departments.get("YY")
        self.stories = [s for s in STORIES if s.department in org.departments]
        self.channels = list(Channel)
        self.limits: dict[tuple, Limit | None] = {}
        self.office = org.office()

    def batches(self, size: int = 20_000) -> Iterator[Batch]:
        step = (self.end - self.start) / max(self.count, 1)
        batch = Batch()
        for index in range(self.count):
            received = self.start + step * index + step * (self.rng.random() * 0.9)
            received = received.replace(microsecond=0)
            self._case(batch, index, received)
            if len(batch) >= size:
                yield batch
                batch = Batch()
        if len(batch):
            yield batch

    # --- one complaint ------------------------------------------------------------------------
    def _case(self, batch: Batch, index: int, received: datetime) -> None:
        rng, org = self.rng, self.org
        story = self.stories[index % len(self.stories)]
        is_taxi = story.department == "YY" and bool(org.drivers)
        dept = org.departments[story.department]
        staff_pool = org.staff_of_department.get(dept) or []
        if is_taxi:
            staff_id, taxi_plate = org.drivers[rng.randrange(len(org.drivers))]
        else:
            staff_id = staff_pool[rng.randrange(len(staff_pool))] if staff_pool else None
            taxi_plate = None
        channel = rng.choices(self.channels, CHANNEL_WEIGHTS)[0]
        chance = rng.random
        flags = {name: chance() * odds < 1 for name, odds in FLAG_ODDS.items()}
        if story.category is Category.SAFETY:
            flags["flag_safety"] = True
        amount = Decimal(story.amount) if rng.random() < 0.7 else Decimal(rng.randrange(0, 60)) * 50
        people_count = 12 if chance() < 1 / 400 else 1
        severity = self._severity(flags, channel, amount, people_count)
        urgency = (
            Urgency.URGENT
            if flags["flag_safety"] or flags["flag_injury"] or flags["flag_media"]
            or flags["flag_lawyer"] or story.category is Category.SAFETY
            else Urgency.NORMAL
        )  # fmt: skip
        day = received.date()
        serial = self.counters.get(day, 0) + 1
        self.counters[day] = batch.last_number[day] = serial
        cid = self.ids.take("complaint")
        clerk = org.user(Role.CLERK, index)
        created = received + timedelta(minutes=1 + int(chance() * 9))
        facts = Facts(
            severity, urgency, dept, staff_id, clerk, created, story.category,
            channel is Channel.REGULATOR, is_taxi,
        )  # fmt: skip
        case = Case(self, cid, index, facts)
        case.walk(received)
        pick = index % len(self.phones)
        row = {
            "id": cid,
            "number": f"TS-{day:%Y%m%d}-{serial:04d}",
            "received_at": received,
            "channel": channel.value,
            "regulator_name": REGULATORS[index % len(REGULATORS)]
            if channel is Channel.REGULATOR
            else None,
            "complainant_name": self.names[index % len(self.names)],
            "complainant_phone": self.phones[(pick * 7919) % len(self.phones)],
            "complainant_address": self.addresses[index % len(self.addresses)],
            "plate_number": taxi_plate
            if is_taxi
            else self.plates[(pick * 104729) % len(self.plates)],
            "vehicle_model": None if is_taxi else VEHICLE_MODELS[index % len(VEHICLE_MODELS)],
            "repair_order_no": None if is_taxi else f"RO{received:%Y%m%d}{serial:04d}",
            "trip_at": received - timedelta(hours=3) if is_taxi else None,
            "trip_route": TRIP_ROUTES[index % len(TRIP_ROUTES)] if is_taxi else None,
            "content": story.content,
            "read_back": True,
            "customer_demand": story.demand,
            "recorded_by_id": clerk.id,
            "complained_department_id": dept,
            "complained_staff_id": staff_id,
            "amount_claimed": amount,
            "people_count": people_count,
            **flags,
            "category": story.category.value,
            "nature": None,
            "severity": severity.value,
            "severity_computed": severity.value,
            "urgency": urgency.value,
            "resolve_due_at": self._due(received, SlaStep.RESOLVE, severity, urgency),
            "escalate_due_at": self._due(received, SlaStep.ESCALATE, severity, urgency),
            "regulator_reply_due_at": self._due(
                received, SlaStep.REGULATOR_REPLY, severity, urgency
            )
            if channel is Channel.REGULATOR
            else None,
            "out_of_hours": not is_business_time(received, self.office),
            "paused_seconds": 0,
            "version_id": len(case.transitions),  # one write per step
            "created_at": created,
            **case.fields,
        }
        batch.rows["complaint"].append(tuple(row.get(c) for c in COLUMNS["complaint"]))
        batch.rows["complaint_transition"].extend(case.transitions)
        batch.rows["remedy"].extend(case.remedies)
        batch.rows["callback"].extend(case.callbacks)
        batch.rows["penalty"].extend(case.penalties)
        registered = {
            "number": row["number"], "status": "registered", "channel": row["channel"],
            "category": row["category"], "received_at": _plain(received),
        }  # fmt: skip
        batch.rows["audit_entry"].append(self._audit(cid, clerk, created, "complaint", registered))
        for penalty in case.penalties:
            values = {"staff_id": penalty[2], "points": penalty[5], "status": "approved"}
            proposer = org.user(Role.DEPT_MANAGER, index)
            batch.rows["audit_entry"].append(
                self._audit(cid, proposer, penalty[11], "penalty", values, penalty[0])
            )

    def _severity(self, flags, channel, amount, people_count) -> Severity:
        t = self.org.thresholds
        if (
            flags["flag_lawsuit"]
            or amount > t["classification.special_major_amount"]
            or people_count >= t["classification.special_major_people"]
        ):
            return Severity.SPECIAL_MAJOR
        if (
            any(flags[f] for f in MAJOR_FLAGS)
            or channel is Channel.REGULATOR
            or amount >= t["classification.major_amount"]
            or people_count >= t["classification.collective_people"]
        ):
            return Severity.MAJOR
        return Severity.GENERAL

    def _due(self, start, step, severity, urgency) -> datetime | None:
        """The due time in the calendar of the step's policy row (working or clock time)."""
        key = (step, severity, urgency)
        if key not in self.limits:
            self.limits[key] = self.org.limit(step, severity, urgency)
        limit = self.limits[key]
        return None if limit is None else limit.due(start)

    def _audit(self, cid, actor, at, table, values, row_id=None) -> tuple:
        """An insert entry of the trail, marked as generated history."""
        changes = {key: [None, value] for key, value in values.items()}
        changes["generated"] = [None, True]
        return (
            self.ids.take("audit_entry"), at, actor.id, actor.username, "insert", table,
            str(row_id or cid), cid, changes,
        )  # fmt: skip


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value) if isinstance(value, Decimal) else value
