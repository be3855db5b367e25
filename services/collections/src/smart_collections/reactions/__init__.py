"""What the collections service does when other contexts' events arrive, one module each."""
