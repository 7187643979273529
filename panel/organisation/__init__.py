"""Departments, staff, login accounts, settings and the SLA policy."""
