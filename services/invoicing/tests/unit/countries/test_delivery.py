"""An invoice's channel by the entity's delivery policy."""

from __future__ import annotations

from datetime import date

import pytest

from smart_common.rulepacks import default_rule_book
from smart_invoicing.countries.delivery import delivery_policy

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("entity", "kind", "country", "channel"),
    [
        ("BE", "business", "BE", "peppol"),
        ("BE", "business", "FR", "email"),
        ("BE", "consumer", "BE", "email"),
        ("FR", "business", "FR", "email"),
    ],
)
def test_the_channel_follows_the_entitys_policy(
    entity: str, kind: str, country: str, channel: str
) -> None:
    policy = delivery_policy(default_rule_book().pack(entity, TODAY))
    assert policy.channel(kind, country, entity) == channel
