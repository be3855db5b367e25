"""``python -m smart_activities``: serve the activities service."""

from smart_activities.app import build_app
from smart_activities.settings import ActivitiesSettings
from smart_common.serve import serve

if __name__ == "__main__":
    serve(build_app, ActivitiesSettings)
