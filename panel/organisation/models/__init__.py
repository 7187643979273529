"""The organisation's tables: departments, staff, users, settings, SLA policy."""
