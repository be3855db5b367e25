"""Which name and logo a job's documents show: the activity it belongs to when the member
opened it, else the profile's activity."""

from smart_members.use_cases.snapshots import activity_snapshot

USER = {"activity": {"name": "Ann Peeters Lighting", "recognised_training": True, "logo": None}}


def test_the_members_own_activity_brands_its_jobs():
    named = {"name": "Atelier lumière", "opened_by_first_job": False, "logo": b"\x89PNG-ish"}
    snapshot = activity_snapshot(USER, named)
    assert snapshot is not None
    assert (snapshot.name, snapshot.recognised_training) == ("Atelier lumière", True)
    assert snapshot.logo == "iVBORy1pc2g="


def test_an_activity_opened_by_the_first_job_or_announced_before_keeps_the_profiles():
    for named in (
        {"name": "Main activity", "opened_by_first_job": True},
        {"name": "Older event"},  # announced before the event said who opened it
        None,
    ):
        snapshot = activity_snapshot(USER, named)
        assert snapshot is not None and snapshot.name == "Ann Peeters Lighting"
    assert activity_snapshot({}, None) is None
