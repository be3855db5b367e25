"""Turns what the service knows (the work sold, a client, the entity's rules, the issuer's
settings) into documents: the one place where parties, VAT decision and languages are put
together."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smart_common.events.members import ActivitySnapshot, ClientSnapshot
from smart_common.rulepacks import RuleBook, RulePack
from smart_common.structured_communication import payment_reference
from smart_invoicing.domain.content import (
    Languages,
    compose_invoice,
    compose_quote,
    invoice_languages,
)
from smart_invoicing.domain.document import Document, Line, Party
from smart_invoicing.domain.parties import buyer_party, seller_party
from smart_invoicing.domain.vat import (
    ClientKind,
    ServiceNature,
    SupplyFacts,
    VatDecision,
    decide_vat,
)
from smart_invoicing.settings import InvoicingSettings


@dataclass(frozen=True, slots=True)
class Work:
    """What is sold: the terms shared by a quote and the job's invoice."""

    description: str
    worked_days: int
    start_date: date
    end_date: date
    amount_excl_vat: Decimal
    currency: str
    service_nature: str
    place_country: str | None
    buyer_reference: str


class DocumentComposer:
    def __init__(self, rules: RuleBook, settings: InvoicingSettings, today: date):
        self._rules = rules
        self._settings = settings
        self.seller = seller_party(
            name=settings.seller_name,
            vat_number=settings.seller_vat_number,
            street=settings.seller_street,
            postal_code=settings.seller_postal_code,
            city=settings.seller_city,
            country=settings.seller_country,
            email=settings.seller_email,
            pack=rules.pack(settings.entity, today),
        )

    def _setting_out(
        self,
        pack: RulePack,
        client: ClientSnapshot,
        work: Work,
        activity: ActivitySnapshot | None,
    ) -> tuple[Party, VatDecision, Languages, Line]:
        buyer = buyer_party(
            pack,
            name=client.name,
            kind=client.kind,
            vat_number=client.vat_number,
            street=client.address.street,
            postal_code=client.address.postal_code,
            city=client.address.city,
            country=client.address.country,
            email=client.email,
            peppol_id=client.peppol_id,
            seller=self.seller,
        )
        decision = decide_vat(
            SupplyFacts(
                seller_country=self._settings.seller_country,
                client_kind=ClientKind(client.kind),
                client_country=client.address.country,
                service_nature=ServiceNature(work.service_nature),
                recognised_training=bool(activity and activity.recognised_training),
                place_country=work.place_country,
            ),
            pack,
        )
        languages = invoice_languages(pack, self._settings.seller_region, buyer, client.language)
        line = Line(
            description=f"{work.description} ({work.worked_days} d)",
            quantity=Decimal("1"),
            unit_code="C62",
            unit_price=work.amount_excl_vat,
            net_amount=work.amount_excl_vat,
            category=decision.category,
            rate=decision.rate,
            period_start=work.start_date,
            period_end=work.end_date,
        )
        return buyer, decision, languages, line

    def invoice(
        self,
        entity: str,
        client: ClientSnapshot,
        work: Work,
        activity: ActivitySnapshot | None,
        issue_date: date,
        number: str,
        reference_base: int,
    ) -> tuple[Document, RulePack]:
        """The job's invoice; its payment reference is built from ``reference_base`` by the
        entity's scheme (Belgian structured communication, ISO 11649 creditor reference)."""
        pack = self._rules.pack(entity, issue_date)
        reference = payment_reference(pack.value("payment_reference"), reference_base)
        buyer, decision, languages, line = self._setting_out(pack, client, work, activity)
        document = compose_invoice(
            number=number,
            issue_date=issue_date,
            seller=self.seller,
            buyer=buyer,
            lines=[line],
            decision=decision,
            pack=pack,
            languages=languages,
            currency=work.currency,
            payment_reference=reference,
            iban=self._settings.seller_iban,
            buyer_reference=work.buyer_reference,
            activity_name=activity.name if activity else None,
            logo=_logo(activity),
        )
        return document, pack

    def quote(
        self,
        entity: str,
        client: ClientSnapshot,
        work: Work,
        activity: ActivitySnapshot | None,
        issue_date: date,
        valid_until: date,
        number: str,
    ) -> Document:
        pack = self._rules.pack(entity, issue_date)
        buyer, decision, languages, line = self._setting_out(pack, client, work, activity)
        return compose_quote(
            number=number,
            issue_date=issue_date,
            valid_until=valid_until,
            seller=self.seller,
            buyer=buyer,
            lines=[line],
            decision=decision,
            languages=languages,
            currency=work.currency,
            buyer_reference=work.buyer_reference,
            activity_name=activity.name if activity else None,
            logo=_logo(activity),
        )


def _logo(activity: ActivitySnapshot | None) -> bytes | None:
    return base64.b64decode(activity.logo) if activity and activity.logo else None
