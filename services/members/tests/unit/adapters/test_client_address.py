from starlette.requests import Request

from smart_members.adapters.client_address import client_address

PROXIES = frozenset({"10.0.0.5"})


def request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 4000), "headers": headers})


def test_a_direct_client_is_its_peer_whatever_it_claims():
    assert client_address(request("203.0.113.7", "1.2.3.4"), PROXIES) == "203.0.113.7"


def test_behind_the_proxy_the_last_address_it_did_not_add():
    assert client_address(request("10.0.0.5", "1.2.3.4, 198.51.100.9"), PROXIES) == "198.51.100.9"
    assert client_address(request("10.0.0.5"), PROXIES) == "10.0.0.5"
