"""Shared fixtures: the embedded broker, database and stack (see smart_devstack.testing)."""

pytest_plugins = ["smart_devstack.testing"]
