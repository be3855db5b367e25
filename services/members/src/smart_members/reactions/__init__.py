"""What the members service does when other contexts' events arrive, one module each."""
