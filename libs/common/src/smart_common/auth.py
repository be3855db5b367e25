"""Bearer JWTs issued by the members service (EdDSA) and verified by every service."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from smart_common.problems import Forbidden, Unauthorized
from smart_common.settings import Environment, ServiceSettings

log = logging.getLogger(__name__)


class Role(StrEnum):
    MEMBER = "member"
    COUNSELLOR = "counsellor"
    ADMIN = "admin"
    INTEGRATOR = "integrator"


STAFF_ROLES = frozenset({Role.COUNSELLOR, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    entity: str
    roles: frozenset[Role]

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def may_see(self, *, owner_id: str, entity: str) -> bool:
        """Members see their own documents; staff see every document of their entity."""
        return self.subject == owner_id or (self.is_staff and self.entity == entity)


def development_signing_key() -> Ed25519PrivateKey:
    """Development only: a key every process of a development suite derives alike (it is in
    the source, so no other environment accepts it), so that a test can issue the tokens the
    services verify."""
    return Ed25519PrivateKey.from_private_bytes(
        hashlib.sha256(b"smart development token signing key").digest()
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    """The public key as a JWK (RFC 8037), its ``kid`` the RFC 7638 thumbprint."""
    x = _b64(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    thumbprint = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    kid = _b64(hashlib.sha256(thumbprint.encode()).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "use": "sig", "alg": "EdDSA"}


def _public_keys(jwks: str | None) -> dict[str, Ed25519PublicKey]:
    if not jwks:
        return {}
    keys: dict[str, Ed25519PublicKey] = {}
    for jwk in json.loads(jwks).get("keys", []):
        key = jwt.PyJWK(jwk).key
        if isinstance(key, Ed25519PublicKey):
            keys[jwk.get("kid") or public_jwk(key)["kid"]] = key
    return keys


class TokenCodec:
    """Access tokens: EdDSA JWTs members signs with its private key, every service verifies
    with the public keys only (its own configured ones and members' JWKS, fetched and cached;
    an unknown key id refetches it, so a rotated key is picked up). ``aud`` is the entity
    deployment: a token of another entity's deployment is refused, and so is one naming another
    entity than the deployment's (staff of another entity act in their own deployment)."""

    def __init__(self, settings: ServiceSettings):
        self._entity = settings.entity
        self._issuer = settings.token_issuer
        self._audience = settings.audience
        self._ttl = timedelta(seconds=settings.access_token_ttl_seconds)
        self._signing: Ed25519PrivateKey | None = None
        if settings.token_signing_key is not None:
            loaded = serialization.load_pem_private_key(
                settings.token_signing_key.get_secret_value().encode(), password=None
            )
            if not isinstance(loaded, Ed25519PrivateKey):
                raise ValueError("SMART_TOKEN_SIGNING_KEY must be an Ed25519 private key (PEM)")
            self._signing = loaded
        elif settings.environment is Environment.DEVELOPMENT and not (
            settings.jwks_url or settings.token_verification_keys
        ):  # a development process with no keys at all: tokens a test issues alike
            self._signing = development_signing_key()
        self._published = dict(_public_keys(settings.token_previous_keys))
        if self._signing is not None:
            current = self._signing.public_key()
            self._published[public_jwk(current)["kid"]] = current
        self._known = {**self._published, **_public_keys(settings.token_verification_keys)}
        self._jwks_url = settings.jwks_url
        self._jwks_cache = timedelta(seconds=settings.jwks_cache_seconds)
        self._fetched: dict[str, Ed25519PublicKey] = {}
        self._fetched_at: datetime | None = None

    def issue(
        self,
        subject: str,
        entity: str,
        roles: frozenset[Role],
        ttl: timedelta | None = None,
    ) -> str:
        if self._signing is None:
            raise RuntimeError("this process verifies tokens; only members signs them")
        now = datetime.now(UTC)
        claims = {
            "sub": subject,
            "entity": entity,
            "roles": sorted(roles),
            "iss": self._issuer,
            "aud": self._audience,
            "iat": now,
            "exp": now + (ttl or self._ttl),
            "jti": secrets.token_urlsafe(12),
        }
        kid = public_jwk(self._signing.public_key())["kid"]
        return jwt.encode(claims, self._signing, algorithm="EdDSA", headers={"kid": kid})

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The public keys tokens of this deployment may be signed with (members serves it)."""
        return {"keys": [public_jwk(key) for key in self._published.values()]}

    @property
    def ttl(self) -> timedelta:
        return self._ttl

    async def verify(self, token: str) -> Principal:
        try:
            kid = jwt.get_unverified_header(token).get("kid", "")
            key = await self._key(kid)
            if key is None:
                raise Unauthorized("invalid bearer token: signed with an unknown key")
            claims = jwt.decode(
                token,
                key,
                algorithms=["EdDSA"],
                issuer=self._issuer,
                audience=self._audience,
                options={"require": ["sub", "exp", "iss", "aud"]},
            )
            if claims["entity"] != self._entity:
                raise Unauthorized(
                    f"invalid bearer token: issued for entity {claims['entity']}, this is "
                    f"{self._entity}'s deployment"
                )
            roles = frozenset(Role(role) for role in claims.get("roles", []))
            return Principal(subject=claims["sub"], entity=claims["entity"], roles=roles)
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            raise Unauthorized(f"invalid bearer token: {error}") from error

    async def _key(self, kid: str) -> Ed25519PublicKey | None:
        if kid in self._known:
            return self._known[kid]
        if self._jwks_url is None:
            return None
        now = datetime.now(UTC)
        stale = self._fetched_at is None or now - self._fetched_at > self._jwks_cache
        recently = self._fetched_at is not None and now - self._fetched_at < REFETCH_AFTER
        if stale or (kid not in self._fetched and not recently):  # a key withdrawn from
            await self._fetch(now)  # the JWKS stops working once the cache is stale
        return self._fetched.get(kid)

    async def _fetch(self, now: datetime) -> None:
        assert self._jwks_url is not None
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                answer = await client.get(self._jwks_url)
            answer.raise_for_status()
            self._fetched = _public_keys(answer.text)
        except (httpx.HTTPError, ValueError) as error:
            log.warning("cannot fetch the token keys from %s: %s", self._jwks_url, error)
        self._fetched_at = now


REFETCH_AFTER = timedelta(seconds=10)
"""An unknown key id refetches the JWKS at most this often (a forged kid cannot flood it)."""


bearer = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


async def current_principal(
    request: Request, token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    if not token:
        raise Unauthorized("a bearer token is required")
    codec: TokenCodec = request.app.state.token_codec
    return await codec.verify(token)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_staff(principal: CurrentPrincipal) -> Principal:
    if not principal.is_staff:
        raise Forbidden("this operation is reserved to counsellors and administrators")
    return principal


StaffPrincipal = Annotated[Principal, Depends(require_staff)]


def require_member(principal: CurrentPrincipal) -> Principal:
    """Members and staff (who hold the member role too); integrators only read."""
    if Role.MEMBER not in principal.roles:
        raise Forbidden("this operation is reserved to members and staff")
    return principal


MemberPrincipal = Annotated[Principal, Depends(require_member)]


def require_admin(principal: CurrentPrincipal) -> Principal:
    if Role.ADMIN not in principal.roles:
        raise Forbidden("this operation is reserved to administrators")
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]
"""Decided before the request body is read: a member learns nothing of what an
administrator's request looks like."""
