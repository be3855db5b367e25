import pytest

from smart_common.auth import Principal, Role, TokenCodec
from smart_common.problems import Unauthorized
from smart_common.settings import ServiceSettings


def test_token_round_trip_with_roles_and_entity():
    codec = TokenCodec(ServiceSettings())
    principal = codec.verify(codec.issue("m1", "BE", frozenset({Role.MEMBER})))
    assert principal == Principal("m1", "BE", frozenset({Role.MEMBER}))


def test_token_signed_with_another_secret_is_refused():
    other = TokenCodec(ServiceSettings(jwt_secret="another-secret-of-sufficient-length-123"))
    with pytest.raises(Unauthorized):
        TokenCodec(ServiceSettings()).verify(other.issue("m1", "BE", frozenset({Role.ADMIN})))


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
