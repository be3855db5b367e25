"""An invoice's content: lines, VAT per rate, totals, due date (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from smart_common.events.members import JobSnapshot
from smart_common.money import round_half_up
from smart_common.rulepacks import RulePack

EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


@dataclass(frozen=True, slots=True)
class VatTreatment:
    category: str  # EN 16931 VAT category: S standard, AE reverse charge, O outside scope
    rate: Decimal
    mention: str | None


def vat_treatment(seller_country: str, job: JobSnapshot, pack: RulePack) -> VatTreatment:
    """Business client: Belgian VAT at home, reverse charge in the EU, outside scope beyond."""
    client_country = job.client.address.country
    if client_country == seller_country:
        return VatTreatment("S", Decimal(pack.value("vat_rates")["standard"]), None)
    if client_country in EU_COUNTRIES:
        return VatTreatment(
            "AE",
            Decimal("0"),
            "Autoliquidation / Btw verlegd / Reverse charge — art. 21 §2 Code TVA, "
            "art. 196 directive 2006/112/CE",
        )
    return VatTreatment("O", Decimal("0"), "Non soumis à la TVA belge — art. 21 §2 Code TVA")


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    net_amount: Decimal
    vat: VatTreatment


@dataclass(frozen=True, slots=True)
class InvoiceContent:
    issue_date: date
    due_date: date
    currency: str
    lines: list[InvoiceLine]
    vat_breakdown: list[dict[str, Any]]
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal


def invoice_content(
    job: JobSnapshot, seller_country: str, pack: RulePack, issue_date: date
) -> InvoiceContent:
    vat = vat_treatment(seller_country, job, pack)
    days = f"{job.worked_days} day" + ("s" if job.worked_days > 1 else "")
    line = InvoiceLine(
        description=(
            f"{job.description} — {job.start_date.isoformat()} to "
            f"{job.end_date.isoformat()} ({days})"
        ),
        quantity=Decimal("1"),
        unit_code="C62",
        unit_price=job.amount_excl_vat,
        net_amount=job.amount_excl_vat,
        vat=vat,
    )
    lines = [line]
    groups: dict[tuple[str, Decimal], Decimal] = {}
    for item in lines:
        key = (item.vat.category, item.vat.rate)
        groups[key] = groups.get(key, Decimal("0")) + item.net_amount
    breakdown: list[dict[str, Any]] = []
    for (category, rate), base in sorted(groups.items()):
        breakdown.append(
            {
                "category": category,
                "rate": str(rate),
                "taxable_amount": str(base),
                "vat_amount": str(round_half_up(base * rate)),
                "mention": next(
                    item.vat.mention for item in lines if item.vat.category == category
                ),
            }
        )
    total_excl = sum((item.net_amount for item in lines), Decimal("0"))
    total_vat = sum((Decimal(group["vat_amount"]) for group in breakdown), Decimal("0"))
    return InvoiceContent(
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=int(pack.value("payment_terms_days"))),
        currency=job.currency,
        lines=lines,
        vat_breakdown=breakdown,
        total_excl_vat=total_excl,
        total_vat=total_vat,
        total_incl_vat=total_excl + total_vat,
    )
