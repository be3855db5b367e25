"""What the governance service takes and answers over HTTP."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from smart_common.text import InputModel


class SubscriptionIn(InputModel):
    shares: int = Field(default=1, ge=1, le=1000)
    member_id: str | None = Field(
        default=None, description="Staff only: subscribe on behalf of this member"
    )


class Subscription(BaseModel):
    """A subscription of cooperative shares in the register."""

    subscription_id: str
    member_id: str
    entity: str
    shares: int = Field(ge=1)
    unit_price: str = Field(description="Price of one share, a decimal string (the entity's pack)")
    total: str = Field(description="shares × unit_price, a decimal string")
    currency: str
    status: str
    subscribed_at: datetime


class Register(BaseModel):
    """The share register of the entity (a member: their own subscriptions)."""

    entity: str
    shares: int
    capital: str = Field(description="The subscribed capital, a decimal string")
    subscriptions: list[Subscription]
