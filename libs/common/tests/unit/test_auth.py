import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smart_common.auth import Principal, Role, TokenCodec, public_jwk
from smart_common.problems import Unauthorized
from smart_common.settings import ServiceSettings

MEMBER = frozenset({Role.MEMBER})
OTHER_KEY = "b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtLTE="


def pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def jwks(*keys: Ed25519PrivateKey) -> str:
    return json.dumps({"keys": [public_jwk(key.public_key()) for key in keys]})


async def test_token_round_trip_with_roles_and_entity():
    codec = TokenCodec(ServiceSettings())
    principal = await codec.verify(codec.issue("m1", "BE", MEMBER))
    assert principal == Principal("m1", "BE", MEMBER)


async def test_a_service_verifies_with_the_public_key_only():
    signing = Ed25519PrivateKey.generate()
    production = {"environment": "production", "personal_data_key": OTHER_KEY}
    members = TokenCodec(ServiceSettings(**production, token_signing_key=pem(signing)))
    verifier = TokenCodec(ServiceSettings(**production, token_verification_keys=jwks(signing)))
    assert (await verifier.verify(members.issue("m1", "BE", MEMBER))).subject == "m1"
    with pytest.raises(RuntimeError):
        verifier.issue("m1", "BE", MEMBER)  # it holds no private key
    assert members.jwks()["keys"][0]["kty"] == "OKP" and "d" not in members.jwks()["keys"][0]


async def test_a_token_of_another_key_another_entity_or_expired_is_refused():
    codec = TokenCodec(ServiceSettings())
    stranger = TokenCodec(
        ServiceSettings(token_signing_key=pem(Ed25519PrivateKey.generate()))
    ).issue("m1", "BE", MEMBER)
    french = TokenCodec(ServiceSettings(entity="FR")).issue("m1", "FR", MEMBER)
    expired = codec.issue("m1", "BE", MEMBER, ttl=timedelta(seconds=-1))
    other_entity = codec.issue("m1", "FR", MEMBER)  # this deployment's key and audience
    for token, reason in (
        (stranger, "unknown key"),
        (french, "(?i)audience"),
        (other_entity, "issued for entity FR, this is BE's deployment"),
        (expired, "expired"),
    ):
        with pytest.raises(Unauthorized, match=reason):
            await codec.verify(token)


async def test_during_a_rotation_both_keys_are_valid():
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    before = TokenCodec(ServiceSettings(token_signing_key=pem(old))).issue("m1", "BE", MEMBER)
    rotated = TokenCodec(ServiceSettings(token_signing_key=pem(new), token_previous_keys=jwks(old)))
    assert len(rotated.jwks()["keys"]) == 2
    assert (await rotated.verify(before)).subject == "m1"
    assert (await rotated.verify(rotated.issue("m2", "BE", MEMBER))).subject == "m2"


def test_staff_see_their_entity_members_see_their_own():
    member = Principal("m1", "BE", frozenset({Role.MEMBER}))
    counsellor = Principal("c1", "BE", frozenset({Role.COUNSELLOR}))
    assert member.may_see(owner_id="m1", entity="BE")
    assert not member.may_see(owner_id="m2", entity="BE")
    assert counsellor.may_see(owner_id="m2", entity="BE")
    assert not counsellor.may_see(owner_id="m2", entity="FR")


def test_members_list_their_own_documents_staff_their_entity():
    from smart_common.access import visible_scope

    assert visible_scope(Principal("m1", "BE", frozenset({Role.MEMBER}))) == {"member_id": "m1"}
    assert visible_scope(Principal("a1", "BE", frozenset({Role.ADMIN}))) == {"entity": "BE"}
