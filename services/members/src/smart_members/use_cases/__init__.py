"""The members service's commands, one module each."""
