"""The audit trail: the model, the writer that records every change, and its read-only view."""
