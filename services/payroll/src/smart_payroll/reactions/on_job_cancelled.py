"""The saga's compensation in payroll: the contract ends before it starts (its student hours
are freed), its hiring declaration is withdrawn if not sent yet, cancelled if accepted."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import JobCancelled
from smart_common.events.payroll import HiringDeclarationCancelled
from smart_common.persistence import Transaction
from smart_payroll.adapters.repositories import Contracts, HiringDeclarations
from smart_payroll.use_cases.hiring_follow_ups import record_cancelled, request_cancellation


class OnJobCancelled(EventReaction):
    consumer = "payroll-contracts"
    handles = (JobCancelled,)
    raises = (HiringDeclarationCancelled,)

    async def handle(self, data: JobCancelled, envelope: Envelope, tx: Transaction) -> None:
        contracts = Contracts(tx)
        contract = await contracts.of_job(data.job_id)
        if contract is None or contract["status"] == "cancelled":
            return
        await contracts.cancel(contract["_id"], data.reason, tx.clock.now())
        declarations = HiringDeclarations(tx)
        declaration = await declarations.hiring_of(contract["_id"])
        if declaration is None:
            return
        if declaration["status"] == "to_submit":
            await declarations.withdraw(declaration["_id"])
            await record_cancelled(tx, declaration, "withdrawn")
        elif declaration["status"] in ("submitting", "submitted"):
            await declarations.ask_cancellation(declaration["_id"])
        elif declaration["status"] == "accepted":
            await request_cancellation(tx, declaration)
