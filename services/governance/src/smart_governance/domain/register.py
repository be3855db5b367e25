"""The share register's rules (pure), from the statutes as the pack gives them: which
categories exist, who may hold each, how many shares make a member; and when shares are
redeemed — after a waiting period, with the board's approval if the statutes ask for it, at
most at their paid value, never below the minimum a remaining member must keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


class RegisterProblem(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    holders: frozenset[str]
    """Who may hold it (``user``, ``partner``, ``staff``, ``legal_person``…)."""
    minimum: int
    """Shares a holder of this category holds at least to be a member."""


@dataclass(frozen=True, slots=True)
class RedemptionPolicy:
    waiting_months: int
    board_approval: bool
    """Whether a redemption waits for the board's decision (the use case holds it)."""
    transfers_allowed: bool

    @classmethod
    def of(cls, value: dict[str, Any]) -> RedemptionPolicy:
        return cls(
            waiting_months=int(value["waiting_months"]),
            board_approval=bool(value["board_approval"]),
            transfers_allowed=bool(value["transfers_allowed"]),
        )


def categories(value: dict[str, Any]) -> dict[str, Category]:
    return {
        name: Category(name, frozenset(rule["holders"]), int(rule["minimum"]))
        for name, rule in value.items()
    }


def subscription_problem(
    category: Category | None, holder: str, held: int, asked: int
) -> str | None:
    if category is None:
        return "category: not a share category of the entity's statutes"
    if holder not in category.holders:
        return (
            f"category: {category.name} is held by {', '.join(sorted(category.holders))}, "
            f"not by a {holder}"
        )
    if held + asked < category.minimum:
        return f"shares: a member of category {category.name} holds at least {category.minimum}"
    return None


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month - (last.day < first.day)


def redemption_value(
    policy: RedemptionPolicy,
    category: Category,
    *,
    paid_on: date,
    today: date,
    held: int,
    asked: int,
    unit_paid: Decimal,
    leaving: bool,
) -> Decimal:
    """What ``asked`` shares are redeemed at (their paid value, never more); raises
    :class:`RegisterProblem` with the reason when they may not be redeemed now."""
    if asked < 1 or asked > held:
        raise RegisterProblem(f"shares: {asked} asked, {held} held")
    months = _months_between(paid_on, today)
    if months < policy.waiting_months:
        raise RegisterProblem(
            f"shares paid on {paid_on} are redeemed after {policy.waiting_months} months "
            f"({months} so far)"
        )
    if not leaving and held - asked < category.minimum:
        raise RegisterProblem(
            f"shares: a member of category {category.name} keeps at least {category.minimum} "
            "(redeem them all to leave the cooperative)"
        )
    return unit_paid * asked


def transfer_problem(policy: RedemptionPolicy) -> str | None:
    """Shares pass from one member to another only where the statutes allow it."""
    if not policy.transfers_allowed:
        return "the entity's statutes do not allow transferring shares: redeem them instead"
    return None


@dataclass(frozen=True, slots=True)
class Lot:
    """Shares of one paid subscription still held."""

    subscription_id: str
    paid_on: date
    unit_paid: Decimal
    shares: int


def redeem_from(
    policy: RedemptionPolicy,
    category: Category,
    lots: list[Lot],
    *,
    today: date,
    asked: int,
    leaving: bool,
) -> tuple[Decimal, list[tuple[str, int]]]:
    """Redeems the oldest shares first: what they are worth and how many each lot gives;
    every lot taken from must have waited (raises :class:`RegisterProblem`)."""
    held = sum(lot.shares for lot in lots)
    if leaving and asked != held:
        raise RegisterProblem(f"shares: leaving the cooperative redeems all {held} shares")
    value, takes, left = Decimal("0"), [], asked
    for lot in sorted(lots, key=lambda lot: lot.paid_on):
        if left == 0:
            break
        take = min(left, lot.shares)
        redemption_value(
            policy,
            category,
            paid_on=lot.paid_on,
            today=today,
            held=held,
            asked=asked,
            unit_paid=lot.unit_paid,
            leaving=leaving,
        )
        value += lot.unit_paid * take
        takes.append((lot.subscription_id, take))
        left -= take
    if left:
        raise RegisterProblem(f"shares: {asked} asked, {held} held")
    return value, takes
