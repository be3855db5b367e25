import pytest
from pydantic import SecretStr, ValidationError

from smart_common.personal_data import PersonalDataCipher, masked
from smart_common.settings import ServiceSettings


def test_sealed_values_open_with_the_key_only():
    cipher = PersonalDataCipher(ServiceSettings().personal_data_key)
    sealed = cipher.seal("BE71096123456769")
    assert "BE71" not in sealed and sealed != cipher.seal("BE71096123456769")
    assert cipher.open(sealed) == "BE71096123456769"
    other = PersonalDataCipher(SecretStr("b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtLTE="))
    with pytest.raises(ValueError):
        other.open(sealed)
    assert masked("BE71096123456769") == "…6769"


def test_the_key_must_be_32_bytes_and_set_in_production():
    with pytest.raises(ValidationError, match="32 bytes"):
        ServiceSettings(personal_data_key="c2hvcnQ=")
    with pytest.raises(ValidationError, match="SMART_PERSONAL_DATA_KEY"):
        ServiceSettings(
            environment="production", jwks_url="http://members/.well-known/jwks.json", today=None
        )
