"""The invoicing service's commands, one module each."""
