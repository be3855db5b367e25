"""The payroll service's commands, one module each."""
