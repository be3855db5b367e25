"""What the governance service takes and answers over HTTP."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AnyHttpUrl, AwareDatetime, BaseModel, Field

from smart_common.events.governance import ItemResult
from smart_common.text import InputModel

MemberId = Field(min_length=1, max_length=64)


class SubscriptionIn(InputModel):
    shares: int = Field(default=1, ge=1, le=1000)
    category: str | None = Field(
        default=None, max_length=16, description="The share category; default: the first one"
    )
    holder: Literal["user", "partner", "staff", "legal_person"] = Field(
        default="user", description="Who subscribes (the categories say who may hold them)"
    )
    member_id: str | None = Field(
        default=None, max_length=64, description="Staff only: subscribe on behalf of this member"
    )


class Subscription(BaseModel):
    """A subscription of cooperative shares in the register."""

    subscription_id: str
    member_id: str
    entity: str
    category: str | None = None
    shares: int = Field(ge=1)
    unit_price: str = Field(description="Price of one share, a decimal string (the entity's pack)")
    total: str = Field(description="shares × unit_price, a decimal string")
    currency: str
    status: str = Field(description="pending_payment, then paid once the payment arrives")
    payment_reference: str | None = Field(
        default=None, description="The communication to give with the transfer"
    )
    subscribed_at: datetime
    paid_on: date | None = None


class PaymentIn(InputModel):
    paid_on: date
    bank_reference: str | None = Field(
        default=None, max_length=140, description="The bank line that paid it"
    )


class RedemptionIn(InputModel):
    shares: int = Field(ge=1, le=100000)
    category: str | None = Field(default=None, max_length=16)
    leaving: bool = Field(default=False, description="Redeem every share and leave the cooperative")
    member_id: str | None = Field(default=None, max_length=64, description="Staff only")


class RedemptionDecisionIn(InputModel):
    approved: bool
    reason: str | None = Field(default=None, max_length=500)


class Redemption(BaseModel):
    redemption_id: str
    member_id: str
    entity: str
    category: str
    shares: int
    value: str = Field(description="What the cooperative pays back, a decimal string")
    currency: str
    status: str = Field(description="requested (the board decides), redeemed or refused")
    requested_at: datetime
    decided_at: datetime | None = None
    reason: str | None = None


class Register(BaseModel):
    """The share register of the entity (a member: their own subscriptions)."""

    entity: str
    shares: int
    capital: str = Field(description="The subscribed capital, a decimal string")
    subscriptions: list[Subscription]


class HistoryLine(BaseModel):
    on: date
    what: Literal["paid", "redeemed"]
    shares: int
    value: str


class Holding(BaseModel):
    member_id: str
    category: str
    shares: int
    paid_capital: str
    since: date
    history: list[HistoryLine]


class ShareRegister(BaseModel):
    """Who holds what since when (paid shares only), with each holding's history."""

    entity: str
    as_of: date
    holders: int
    shares: int
    paid_capital: str
    currency: str
    holdings: list[Holding]
    pending_payment: int = Field(description="Shares subscribed and not yet paid")


class Document(InputModel):
    title: str = Field(min_length=1, max_length=200)
    url: AnyHttpUrl


class AgendaItemIn(InputModel):
    title: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    decision: str | None = Field(
        default=None,
        max_length=40,
        description="The kind of decision (the entity's assembly_decisions: ordinary, "
        "statutes_amendment…), 'election' for the board, none for an item not voted on",
    )


class AssemblyIn(InputModel):
    kind: Literal["ordinary", "extraordinary"]
    title: str = Field(min_length=1, max_length=200)
    starts_at: AwareDatetime
    place: str | None = Field(default=None, max_length=300)
    online_link: AnyHttpUrl | None = None
    agenda: list[AgendaItemIn] = Field(min_length=1, max_length=100)
    documents: list[Document] = Field(default_factory=list, max_length=50)


class AgendaItem(BaseModel):
    item_id: str
    title: str
    description: str | None = None
    decision: str | None = None
    seats: dict[str, int] | None = Field(default=None, description="An election's seats")


class Voting(BaseModel):
    opened_at: datetime | None = None
    closes_at: datetime | None = None
    closed_at: datetime | None = None


class Assembly(BaseModel):
    assembly_id: str
    entity: str
    kind: str
    title: str
    starts_at: datetime
    place: str | None = None
    online_link: str | None = None
    agenda: list[AgendaItem]
    documents: list[dict[str, str]]
    status: str = Field(description="convened, voting, closed")
    record_date: date
    entitled: int = Field(description="Shareholders of record convened")
    convocations_sent: int = Field(description="Convocations whose sending is proven")
    convened_at: datetime
    voting: Voting
    present: int | None = None
    results: list[ItemResult] | None = None


class Assemblies(BaseModel):
    items: list[Assembly]


class ProxyIn(InputModel):
    holder_id: str = MemberId
    principal_id: str | None = Field(
        default=None, max_length=64, description="Staff only: record a member's signed proxy"
    )


class Proxy(BaseModel):
    proxy_id: str
    assembly_id: str
    principal_id: str
    holder_id: str
    status: str = Field(description="active or revoked")
    given_at: datetime
    revoked_at: datetime | None = None


class Proxies(BaseModel):
    items: list[Proxy]


class AttendanceIn(InputModel):
    mode: Literal["present", "online"]
    member_id: str | None = Field(
        default=None, max_length=64, description="Staff only: who signed the attendance list"
    )


class Attendance(BaseModel):
    assembly_id: str
    member_id: str
    mode: str
    recorded: bool = Field(description="False: already recorded (first arrival counts)")


class VotingIn(InputModel):
    closes_at: AwareDatetime | None = Field(
        default=None, description="When the ballot box closes by itself; none: closed by hand"
    )


class Choices(InputModel):
    approvals: dict[str, list[str]] = Field(
        description="An election: the approved candidates (member ids) per category"
    )


class BallotIn(InputModel):
    choices: dict[str, Literal["yes", "no", "abstain"] | Choices] = Field(
        min_length=1,
        max_length=100,
        description="Per agenda item: yes, no or abstain; for an election, its approvals",
    )
    on_behalf_of: str | None = Field(
        default=None, max_length=64, description="A principal whose proxy the voter holds"
    )


class Receipt(BaseModel):
    item_id: str
    receipt: str = Field(description="Keep it: after closing, find it among the ballots")


class Cast(BaseModel):
    assembly_id: str
    voter_id: str
    receipts: list[Receipt]


class PublishedBallot(BaseModel):
    receipt: str
    item_id: str
    content: str = Field(description="yes, no, abstain or an election's approvals (JSON)")
    weight: int
    nonce: str


class Results(BaseModel):
    """After closing: the tally of each item and every ballot with its receipt (recount it:
    sha256 of assembly id, item id, content, weight and nonce, one per line)."""

    assembly_id: str
    closed_at: datetime
    entitled: int
    present: int
    results: list[ItemResult]
    ballots: list[PublishedBallot]


class CandidacyIn(InputModel):
    item_id: str = Field(min_length=1, max_length=64)
    category: str = Field(min_length=1, max_length=16)
    member_id: str | None = Field(default=None, max_length=64, description="Staff only")


class Candidacy(BaseModel):
    assembly_id: str
    item_id: str
    member_id: str
    category: str
    recorded: bool
