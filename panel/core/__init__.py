"""The shared core: configuration, database, extensions, clock, language, command line, the
flush-time checks and the audit trail."""
