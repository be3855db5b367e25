"""Renderers of our documents: Peppol BIS Billing 3.0 UBL, Factur-X CII, PDF (pure: bytes out)."""
