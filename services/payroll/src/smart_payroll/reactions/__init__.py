"""What the payroll service does when other contexts' events arrive, one module each."""
