"""The notification worker: ``huey_consumer panel.worker.huey -w 4 -k thread``.

One consumer runs the periodic jobs (the sweep, the deadline scan, the summaries); further
consumers, on this or other servers, start with ``-n`` (no periodic jobs). The settings are the
panel's own (``DATABASE_URL``, ``PANEL_ENV``, the ``NOTIFY_*`` variables).
"""

from panel import create_app
from panel.notifications.queue import huey_of

app = create_app()
huey = huey_of(app)
