import pytest
from pydantic import ValidationError

from smart_common.settings import ServiceSettings


def test_production_needs_the_token_keys():
    with pytest.raises(ValidationError, match="SMART_TOKEN_SIGNING_KEY"):
        ServiceSettings(environment="production", today=None)
    ServiceSettings(
        environment="production",
        today=None,  # a run at a chosen date (SMART_TODAY) would be refused here
        jwks_url="http://members/.well-known/jwks.json",
        personal_data_key="b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtLTE=",
    )


def test_bad_values_fail_fast(monkeypatch):
    monkeypatch.setenv("SMART_HTTP_PORT", "not-a-port")
    with pytest.raises(ValidationError):
        ServiceSettings()
