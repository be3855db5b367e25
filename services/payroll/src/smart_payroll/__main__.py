"""``python -m smart_payroll``: serve the payroll service."""

from smart_common.serve import serve
from smart_payroll.app import build_app
from smart_payroll.settings import PayrollSettings

if __name__ == "__main__":
    serve(build_app, PayrollSettings)
