import base64
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr, ValidationError

from smart_common.personal_data import PersonalDataCipher, masked
from smart_common.settings import ServiceSettings

OTHER_KEY = SecretStr("b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtLTE=")


def test_sealed_values_open_with_the_key_only():
    cipher = PersonalDataCipher(ServiceSettings().personal_data_key)
    sealed = cipher.seal("BE71096123456769", "member-1")
    assert "BE71" not in sealed and sealed != cipher.seal("BE71096123456769", "member-1")
    assert cipher.open(sealed, "member-1") == "BE71096123456769"
    with pytest.raises(ValueError, match="does not hold"):
        PersonalDataCipher(OTHER_KEY).open(sealed, "member-1")
    assert masked("BE71096123456769") == "…6769"


def test_a_sealed_value_moved_to_another_members_record_does_not_open():
    cipher = PersonalDataCipher(ServiceSettings().personal_data_key)
    sealed = cipher.seal("BE71096123456769", "member-1")
    with pytest.raises(ValueError, match="this person"):
        cipher.open(sealed, "member-2")


def test_keys_rotate_the_new_one_seals_the_previous_ones_still_open():
    old_key = ServiceSettings().personal_data_key
    old = PersonalDataCipher(old_key)
    sealed = old.seal("85073003328", "member-1")
    rotated = PersonalDataCipher(OTHER_KEY, previous=[old_key])
    assert rotated.open(sealed, "member-1") == "85073003328"
    assert rotated.needs_resealing(sealed)
    resealed = rotated.seal("85073003328", "member-1")
    assert not rotated.needs_resealing(resealed) and rotated.current_key_id in resealed
    with pytest.raises(ValueError):
        old.open(resealed, "member-1")


def test_values_sealed_before_bindings_still_open():
    key = ServiceSettings().personal_data_key
    nonce = os.urandom(12)
    raw = AESGCM(base64.urlsafe_b64decode(key.get_secret_value())).encrypt(nonce, b"BE71", None)
    legacy = "sealed:v1:" + base64.urlsafe_b64encode(nonce + raw).decode()
    cipher = PersonalDataCipher(key)
    assert cipher.open(legacy, "anyone") == "BE71" and cipher.needs_resealing(legacy)


def test_the_key_must_be_32_bytes_and_set_in_production():
    with pytest.raises(ValidationError, match="32 bytes"):
        ServiceSettings(personal_data_key="c2hvcnQ=")
    with pytest.raises(ValidationError, match="32 bytes"):
        ServiceSettings(personal_data_previous_keys=["c2hvcnQ="])
    with pytest.raises(ValidationError, match="SMART_PERSONAL_DATA_KEY"):
        ServiceSettings(
            environment="production", jwks_url="http://members/.well-known/jwks.json", today=None
        )
