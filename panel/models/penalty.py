"""Penalties, their schedule, appeals, recoveries and commendations.

The models live with their rules in :mod:`panel.penalties`; importing them here puts their
tables in the metadata with the rest and keeps ``from panel.models import Penalty`` working.
"""

from panel.penalties.models import (
    AppealOutcome,
    Penalty,
    PenaltyAppeal,
    PenaltyKind,
    PenaltyStatus,
)
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.schedule import Offence, OffenceScope, Requirement

__all__ = [
    "AppealOutcome",
    "Commendation",
    "Offence",
    "OffenceScope",
    "Penalty",
    "PenaltyAppeal",
    "PenaltyKind",
    "PenaltyStatus",
    "Recovery",
    "Requirement",
    "Responsibility",
]
