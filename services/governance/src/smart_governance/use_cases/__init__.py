"""The governance service's commands, one module each."""
