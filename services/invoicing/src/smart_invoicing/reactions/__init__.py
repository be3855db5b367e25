"""What the invoicing service does when other contexts' events arrive, one module each."""
