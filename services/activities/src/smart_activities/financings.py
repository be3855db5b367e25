"""What the financing use cases share: the financing as the API shows it (its payee's IBAN
masked), and its disbursement once a counsellor approves it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from smart_activities.adapters.repositories import Movements
from smart_activities.domain import ledger
from smart_activities.domain.financing import late, schedule
from smart_activities.repayments import REPAYING, due_now, instalments_of
from smart_activities.schemas import Financing
from smart_common.events.activities import FinancingDisbursed
from smart_common.persistence import Document, Transaction
from smart_common.representation import public_document


def financing_view(financing: Document, today: date) -> Financing:
    shown = public_document(financing, "financing_id", hidden=("payee",))
    repaid = Decimal(financing["repaid"])
    return Financing.model_validate(
        {
            **shown,
            "payee_name": financing["payee"]["name"],
            "payee_iban": f"…{financing['payee']['iban_last4']}",
            "due_now": str(due_now(financing, today)) if financing["instalments"] else "0.00",
            "late": [item.number for item in late(instalments_of(financing), repaid, today)],
        }
    )


async def disburse(tx: Transaction, financing: Document, now: datetime) -> Document:
    """The advance: its schedule from today, its ledger movement, its event."""
    today = now.date()
    amount = Decimal(financing["amount"])
    instalments = schedule(amount, financing["months"], Decimal(financing["annual_rate"]), today)
    disbursed = {
        **financing,
        "status": REPAYING,
        "disbursed_on": today.isoformat(),
        "instalments": [
            {
                "number": item.number,
                "starts": item.starts.isoformat(),
                "due": item.due.isoformat(),
                "principal": str(item.principal),
                "interest": str(item.interest),
            }
            for item in instalments
        ],
    }
    movement = ledger.financing_disbursed(
        today, f"financing {financing['_id'][:8]}: {financing['purpose'][:60]}", amount
    )
    source = {
        "event_type": FinancingDisbursed.event_type,
        "event_id": financing["_id"],
        "subject": financing["_id"],
    }
    await Movements(tx).post(
        f"{financing['_id']}:{movement.kind.value}", financing, movement, source, now
    )
    await tx.record_event(
        FinancingDisbursed(
            financing_id=financing["_id"],
            activity_id=financing["activity_id"],
            member_id=financing["member_id"],
            entity=financing["entity"],
            amount=amount,
            currency=financing["currency"],
            months=financing["months"],
            annual_rate=Decimal(financing["annual_rate"]),
            disbursed_on=today,
        ),
        subject=financing["_id"],
        entity=financing["entity"],
        correlation_id=financing["activity_id"],
    )
    return disbursed
