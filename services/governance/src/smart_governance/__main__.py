"""``python -m smart_governance``: serve the governance service."""

from smart_common.serve import serve
from smart_governance.app import build_app
from smart_governance.settings import GovernanceSettings

if __name__ == "__main__":
    serve(build_app, GovernanceSettings)
