"""Settings of the penalty rules (defaults; a row in ``setting`` overrides them)."""

from __future__ import annotations

from panel.organisation.settings import register_defaults

APPEAL_DAYS = "penalties.appeal_days"
COMMENDATION_MAX_POINTS = "penalties.commendation_max_points"

# No source document gives these numbers; the migration seeds the rows with these values.
DEFAULTS = {
    APPEAL_DAYS: (int, 15),
    COMMENDATION_MAX_POINTS: (int, 5),
}
register_defaults(DEFAULTS)
