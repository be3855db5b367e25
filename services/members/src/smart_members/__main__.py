"""``python -m smart_members``: serve the members service."""

from smart_common.serve import serve
from smart_members.app import build_app
from smart_members.settings import MembersSettings

if __name__ == "__main__":
    serve(build_app, MembersSettings)
