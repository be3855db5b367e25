"""Country behaviour of payroll as strategies, each registered under the name an entity's rule
pack gives it (``hiring_declaration = "dimona"``, ``withholding_method = "be_key_formula"``,
``periodic_declaration = "dmfa_quarterly"``). Adding a country is its pack plus the strategies
it names; the service refuses to start with a pack naming one nobody registered."""
