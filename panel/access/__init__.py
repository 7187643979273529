"""Who may do what: role sets, writable fields per role, department scope, privacy of phone
numbers and the role gate of the admin pages."""
