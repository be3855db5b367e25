"""Bearer JWTs issued by the members service and verified by every service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated

import jwt
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from smart_common.problems import Forbidden, Unauthorized
from smart_common.settings import ServiceSettings


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


class TokenCodec:
    def __init__(self, settings: ServiceSettings):
        self._secret = settings.jwt_secret.get_secret_value()
        self._issuer = settings.jwt_issuer
        self._ttl = timedelta(seconds=settings.jwt_ttl_seconds)

    def issue(self, subject: str, entity: str, roles: frozenset[Role]) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": subject,
            "entity": entity,
            "roles": sorted(roles),
            "iss": self._issuer,
            "iat": now,
            "exp": now + self._ttl,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                issuer=self._issuer,
                options={"require": ["sub", "exp", "iss"]},
            )
            roles = frozenset(Role(role) for role in claims.get("roles", []))
            return Principal(subject=claims["sub"], entity=claims["entity"], roles=roles)
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            raise Unauthorized(f"invalid bearer token: {error}") from error


bearer = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


def current_principal(request: Request, token: Annotated[str | None, Depends(bearer)]) -> Principal:
    if not token:
        raise Unauthorized("a bearer token is required")
    codec: TokenCodec = request.app.state.token_codec
    return codec.verify(token)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_staff(principal: CurrentPrincipal) -> Principal:
    if not principal.is_staff:
        raise Forbidden("this operation is reserved to counsellors and administrators")
    return principal


StaffPrincipal = Annotated[Principal, Depends(require_staff)]
