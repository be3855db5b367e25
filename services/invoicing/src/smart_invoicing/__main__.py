"""``python -m smart_invoicing``: serve the invoicing service."""

from smart_common.serve import serve
from smart_invoicing.app import build_app
from smart_invoicing.settings import InvoicingSettings

if __name__ == "__main__":
    serve(build_app, InvoicingSettings)
