"""Country behaviour of invoicing as strategies, each registered under the name an entity's
rule pack gives it (``invoice_delivery = "peppol_domestic_b2b"``, ``payment_reference =
"be_structured_communication"``); the service refuses to start with a pack naming one nobody
registered."""
