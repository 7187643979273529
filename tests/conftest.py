"""The test fixtures are a pytest plugin (tests/fixtures/): the app and its database, clients,
the demo organisation, complaint factories, the desk and penalty factories, live servers."""

pytest_plugins = [  # a plugin is listed after the plugins it imports
    "tests.fixtures.database",
    "tests.fixtures.people",
    "tests.fixtures.clients",
    "tests.fixtures.complaints",
    "tests.fixtures.process",
    "tests.fixtures.penalties",
    "tests.fixtures.desk",
    "tests.fixtures.servers",
]
