"""Files payroll hands to others: SEPA credit transfers (pure renderers)."""
