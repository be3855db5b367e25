"""What an invoice or a credit note says: lines, VAT per rate, totals, due date, language and
the legal mentions, from the job, the client and the entity's rule pack (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from smart_common.money import round_half_up
from smart_common.rulepacks import RuleNotConfigured, RulePack
from smart_invoicing.domain.document import Document, Line, OriginalInvoice, Party, VatGroup
from smart_invoicing.domain.vat import EU_COUNTRIES, VatDecision
from smart_invoicing.domain.wording import (
    CONSUMER_DAMAGES_TIERS,
    LABELS,
    LANGUAGE_NAMES,
    LATE_PAYMENT_B2B,
    LATE_PAYMENT_CONSUMER,
    RATE_SUFFIX,
    label,
)

EEA_COUNTRIES = EU_COUNTRIES | {"IS", "LI", "NO"}


class InvalidDocument(ValueError):
    """A document the law does not allow (a credit above what is left, a wrong language...)."""


@dataclass(frozen=True, slots=True)
class Languages:
    binding: str
    translation: str | None


def invoice_languages(pack: RulePack, seat_region: str, buyer: Party, language: str) -> Languages:
    """The binding language by the issuing seat's region, plus the client's where allowed."""
    plans = pack.value("invoice_languages")
    if seat_region not in plans:
        raise RuleNotConfigured(
            f"invoice_languages: no plan for seat region {seat_region!r} in entity {pack.entity} "
            f"(configured: {', '.join(sorted(plans))})"
        )
    plan = plans[seat_region]
    binding = language if language in plan["client_choice"] else plan["binding"]
    translation = None
    if plan["translation_for_eea"] and buyer.address.country in EEA_COUNTRIES:
        translation = language if language != binding else None
    return Languages(binding, translation)


def vat_groups(
    lines: list[Line], decisions: dict[tuple[str, Decimal], VatDecision], languages: Languages
) -> list[VatGroup]:
    bases: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        key = (line.category, line.rate)
        bases[key] = bases.get(key, Decimal("0")) + line.net_amount
    groups = []
    for (category, rate), base in sorted(bases.items()):
        decision = decisions[(category, rate)]
        groups.append(
            VatGroup(
                category=category,
                rate=rate,
                taxable_amount=base,
                vat_amount=round_half_up(base * rate),
                mention=decision.mention(languages.binding),
                mention_key=decision.mention_key,
                mention_translation=(
                    decision.mention(languages.translation) if languages.translation else None
                ),
            )
        )
    return groups


def late_payment_clause(pack: RulePack, buyer: Party, language: str) -> str:
    """The late-payment clause of the entity's law, in the invoice's language: the rule names the
    wording (its legal text) and gives the figures."""
    if buyer.kind == "consumer":
        rule = pack.value("late_payment_consumer")
        text = _worded(LATE_PAYMENT_CONSUMER, rule["wording"], language)
        if "waiting_days" not in rule:
            return text
        return text.format(
            days=rule["waiting_days"], cap=rule["damages_cap"], tiers=_tiers(rule, language)
        )
    rule = pack.value("late_payment_b2b")
    rate = ""
    if rule["interest_rate"]:
        percent = (Decimal(rule["interest_rate"]) * 100).normalize()
        rate = RATE_SUFFIX[language].format(rate=f"{percent:f}")
    text = _worded(LATE_PAYMENT_B2B, rule["wording"], language)
    return text.format(rate=rate, compensation=rule["compensation"])


def _worded(texts: dict[str, dict[str, str]], wording: str, language: str) -> str:
    if wording not in texts:
        raise RuleNotConfigured(f"late payment: no text for the wording {wording!r}")
    return texts[wording].get(language) or texts[wording]["en"]


def _tiers(rule: dict[str, Any], language: str) -> str:
    """The consumer damages scale of the rule pack, in words."""
    words = CONSUMER_DAMAGES_TIERS[language]
    parts = []
    for tier in rule["damages"]:
        percent = f"{(Decimal(tier['rate']) * 100).normalize():f}"
        key = "flat" if Decimal(tier["rate"]) == 0 else "band" if "up_to" in tier else "above"
        parts.append(
            words[key].format(
                base=tier["base"], rate=percent, above=tier["above"], up_to=tier.get("up_to")
            )
        )
    return words["separator"].join(parts)


def _legal_notes(seller: Party, languages: Languages, activity: str | None) -> list[str]:
    notes = []
    for language in filter(None, (languages.binding, languages.translation)):
        if activity:
            notes.append(
                label("issued_for", language).format(seller=seller.name, activity=activity)
            )
        if languages.translation:
            name = LANGUAGE_NAMES[languages.binding][language]
            notes.append(LABELS["prevails"][language].format(language=name))
    return notes


def _totals(
    lines: list[Line], decision: VatDecision, languages: Languages
) -> tuple[list[VatGroup], Decimal, Decimal]:
    groups = vat_groups(lines, {(decision.category, decision.rate): decision}, languages)
    total_excl = sum((line.net_amount for line in lines), Decimal("0"))
    return groups, total_excl, sum((group.vat_amount for group in groups), Decimal("0"))


def compose_invoice(
    *,
    number: str,
    issue_date: date,
    seller: Party,
    buyer: Party,
    lines: list[Line],
    decision: VatDecision,
    pack: RulePack,
    languages: Languages,
    currency: str,
    payment_reference: str,
    iban: str,
    buyer_reference: str,
    activity_name: str | None,
    logo: bytes | None,
    kind: str = "invoice",
) -> Document:
    days = int(pack.value("payment_terms_days"))
    groups, total_excl, total_vat = _totals(lines, decision, languages)
    return Document(
        kind=kind,
        number=number,
        issue_date=issue_date,
        currency=currency,
        seller=seller,
        buyer=buyer,
        lines=lines,
        vat_groups=groups,
        total_excl_vat=total_excl,
        total_vat=total_vat,
        total_incl_vat=total_excl + total_vat,
        language=languages.binding,
        translation=languages.translation,
        buyer_reference=buyer_reference,
        due_date=issue_date + timedelta(days=days),
        payment_reference=payment_reference,
        iban=iban,
        payment_terms=label("payment_terms", languages.binding).format(days=days),
        legal_notes=_legal_notes(seller, languages, activity_name),
        late_payment=[
            late_payment_clause(pack, buyer, language)
            for language in filter(None, (languages.binding, languages.translation))
        ],
        activity_name=activity_name,
        logo=logo,
    )


def compose_credit_note(
    invoice: Document,
    *,
    number: str,
    issue_date: date,
    amount_excl_vat: Decimal | None,
    already_credited_excl_vat: Decimal,
    reason: str,
) -> Document:
    """A full credit note (what is left of the invoice) or a partial one, same VAT treatment."""
    left = invoice.total_excl_vat - already_credited_excl_vat
    if left <= 0:
        raise InvalidDocument(f"invoice {invoice.number} is already fully credited")
    if amount_excl_vat is None or amount_excl_vat == left:
        lines = (
            invoice.lines
            if already_credited_excl_vat == 0
            else [_credit_line(invoice, left, reason)]
        )
    elif amount_excl_vat > left:
        raise InvalidDocument(
            f"amount_excl_vat: {amount_excl_vat} is more than the {left} left to credit "
            f"on invoice {invoice.number}"
        )
    else:
        lines = [_credit_line(invoice, amount_excl_vat, reason)]
    groups = [
        replace(group, taxable_amount=base, vat_amount=round_half_up(base * group.rate))
        for group in invoice.vat_groups
        if (
            base := sum(
                (
                    line.net_amount
                    for line in lines
                    if (line.category, line.rate) == (group.category, group.rate)
                ),
                Decimal("0"),
            )
        )
    ]
    total_excl = sum((line.net_amount for line in lines), Decimal("0"))
    total_vat = sum((group.vat_amount for group in groups), Decimal("0"))
    return replace(
        invoice,
        kind="credit_note",
        number=number,
        issue_date=issue_date,
        lines=lines,
        vat_groups=groups,
        total_excl_vat=total_excl,
        total_vat=total_vat,
        total_incl_vat=total_excl + total_vat,
        due_date=None,
        payment_terms=None,
        original=OriginalInvoice(invoice.number, invoice.issue_date),
        reason=reason,
        late_payment=[],
    )


def _credit_line(invoice: Document, amount: Decimal, reason: str) -> Line:
    first = invoice.lines[0]
    return Line(
        description=f"{label('credits_invoice', invoice.language)} {invoice.number}: {reason}",
        quantity=Decimal("1"),
        unit_code="C62",
        unit_price=amount,
        net_amount=amount,
        category=first.category,
        rate=first.rate,
        period_start=first.period_start,
        period_end=first.period_end,
    )


def compose_quote(
    *,
    number: str,
    issue_date: date,
    valid_until: date,
    seller: Party,
    buyer: Party,
    lines: list[Line],
    decision: VatDecision,
    languages: Languages,
    currency: str,
    buyer_reference: str,
    activity_name: str | None,
    logo: bytes | None,
) -> Document:
    """A quote: the same VAT engine and totals as the invoice it announces, no payment terms."""
    groups, total_excl, total_vat = _totals(lines, decision, languages)
    return Document(
        kind="quote",
        number=number,
        issue_date=issue_date,
        currency=currency,
        seller=seller,
        buyer=buyer,
        lines=lines,
        vat_groups=groups,
        total_excl_vat=total_excl,
        total_vat=total_vat,
        total_incl_vat=total_excl + total_vat,
        language=languages.binding,
        translation=languages.translation,
        buyer_reference=buyer_reference,
        due_date=valid_until,
        legal_notes=_legal_notes(seller, languages, activity_name),
        activity_name=activity_name,
        logo=logo,
    )
