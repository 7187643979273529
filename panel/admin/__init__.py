"""The shared Flask-Admin layer: the secure base view, exports, optimistic locking, change
messages, the fast list, page fragments and the outage page."""
