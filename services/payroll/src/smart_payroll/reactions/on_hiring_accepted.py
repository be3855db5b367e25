"""The worker of a salary from an activity's budget is declared to social security: its
payslip is issued (a job's waits for its invoice's payment or the guarantee instead)."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import HiringDeclarationAccepted
from smart_common.persistence import Transaction
from smart_payroll.adapters.repositories import Contracts
from smart_payroll.budget_salaries import BUDGET, BudgetSalaries


class OnHiringAccepted(EventReaction):
    consumer = "payroll-budget-salaries"
    handles = (HiringDeclarationAccepted,)
    raises = BudgetSalaries.raises

    def __init__(self, salaries: BudgetSalaries):
        self._salaries = salaries

    async def handle(
        self, data: HiringDeclarationAccepted, envelope: Envelope, tx: Transaction
    ) -> None:
        contract = await Contracts(tx).get(data.contract_id)
        if contract is None or contract.get("term") != BUDGET:
            return
        await self._salaries.pay(
            tx, contract, on=tx.clock.today(), correlation_id=envelope.correlation_id
        )
