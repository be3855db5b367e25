"""The collections service's commands, one module each."""
