"""A general assembly's rules (pure): convened in time, proxies within the statutes' limits,
who counts as present or represented, what a ballot weighs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

KINDS = ("ordinary", "extraordinary")
ELECTION = "election"


def convocation_problem(starts_on: date, today: date, notice_days: int) -> str | None:
    """The convocation leaves at least ``notice_days`` calendar days before the assembly."""
    notice = (starts_on - today).days
    if notice < notice_days:
        return (
            f"starts_at: convened too late — the convocation leaves at least {notice_days} days "
            f"before the assembly ({notice} left)"
        )
    return None


def proxy_problem(
    principal_id: str,
    holder_id: str,
    *,
    principal_on_roll: bool,
    holder_on_roll: bool,
    holder_gave_one: bool,
) -> str | None:
    """Why ``principal_id`` may not be represented by ``holder_id`` (None: they may)."""
    if principal_id == holder_id:
        return "holder_id: a member does not give a proxy to themselves"
    if not principal_on_roll:
        return "only a shareholder of record at the record date gives a proxy"
    if not holder_on_roll:
        return "holder_id: the proxy holder is not a shareholder of record at the record date"
    if holder_gave_one:
        return "holder_id: the proxy holder gave their own proxy to someone else"
    return None


def present_or_represented(attending: Iterable[str], proxies: Iterable[tuple[str, str]]) -> int:
    """Members present (on site or online) and principals whose proxy holder is present.
    ``proxies``: (principal, holder) of the proxies in force."""
    present = set(attending)
    represented = {principal for principal, holder in proxies if holder in present}
    return len(present | represented)


def vote_weight(weighting: str, shares: int) -> int:
    """``member``: one member, one vote; ``shares``: as many votes as shares held."""
    if weighting == "member":
        return 1
    if weighting == "shares":
        return shares
    raise ValueError(f"unknown vote weighting {weighting!r}")


def before_vote_problem(status: str, what: str) -> str | None:
    """Proxies and candidacies are taken once the roll is drawn up, until the vote opens."""
    if status == "convening":
        return "the roll is being drawn up from the register: try again in a moment"
    if status != "convened":
        return f"{what} until the vote opens"
    return None
