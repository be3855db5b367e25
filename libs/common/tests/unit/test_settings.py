import pytest
from pydantic import ValidationError

from smart_common.settings import ServiceSettings


def test_production_refuses_the_development_secret():
    with pytest.raises(ValidationError, match="SMART_JWT_SECRET"):
        ServiceSettings(environment="production", today=None)
    ServiceSettings(
        environment="production",
        today=None,  # a run at a chosen date (SMART_TODAY) would be refused here
        jwt_secret="x" * 40,
        personal_data_key="b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtLTE=",
    )


def test_bad_values_fail_fast(monkeypatch):
    monkeypatch.setenv("SMART_HTTP_PORT", "not-a-port")
    with pytest.raises(ValidationError):
        ServiceSettings()
