"""Bank statements read from the bank's files: what a statement says, whatever its format."""
