"""``python -m smart_collections``: serve the collections service."""

from smart_collections.app import build_app
from smart_collections.settings import CollectionsSettings
from smart_common.serve import serve

if __name__ == "__main__":
    serve(build_app, CollectionsSettings)
