"""The batch as the bank takes it: pain.001.001.09 (SALA, structured addresses); the first
export moves the batch to ``exported``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.credit_transfer import Batch, Party, PostalAddress, Transfer, render_pain001
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.personal_data_reads import PersonalDataReads
from smart_payroll.adapters.repositories import PAYMENT_BATCHES, PAYMENT_ORDERS
from smart_payroll.settings import PayrollSettings
from smart_payroll.use_cases.payment_batches import batch_of


class ExportPaymentBatch(UseCase):
    def __init__(
        self,
        uow: UnitOfWork,
        cipher: PersonalDataCipher,
        settings: PayrollSettings,
        clock: Clock,
        reads: PersonalDataReads,
    ):
        self._reads = reads
        self._uow = uow
        self._cipher = cipher
        self._settings = settings
        self._clock = clock

    def _debtor(self) -> Party:
        settings = self._settings
        return Party(
            settings.employer_name,
            PostalAddress(
                settings.employer_street,
                settings.employer_postal_code,
                settings.employer_city,
                settings.employer_country,
            ),
        )

    async def __call__(self, principal: Principal, batch_id: str) -> bytes:
        batch = await batch_of(self._uow, principal, batch_id)
        orders = await self._uow.find(PAYMENT_ORDERS, {"batch_id": batch_id})
        by_id = {order["_id"]: order for order in orders}
        await self._reads.record(
            principal,
            [order["member_id"] for order in orders],
            f"salary batch {batch_id} (pain.001, IBANs and addresses)",
        )
        transfers = []
        for order_id in batch["orders"]:
            order = by_id[order_id]
            address = order["creditor"]["address"]
            transfers.append(
                Transfer(
                    end_to_end_id=order_id.replace("-", "")[:35],
                    amount=Decimal(order["amount"]),
                    creditor=Party(
                        order["creditor"]["name"],
                        PostalAddress(
                            address["street"],
                            address["postal_code"],
                            address["city"],
                            address["country"],
                        ),
                    ),
                    iban=self._cipher.open(order["creditor"]["iban"], order["member_id"]),
                    remittance=f"Salary {order['payslip_id'][:8]} job {order['job_id'][:8]}",
                    execution_date=max(
                        date.fromisoformat(order["execution_date"]), self._clock.today()
                    ),
                )
            )
        content = render_pain001(
            Batch(
                message_id=batch["message_id"],
                created_at=batch["created_at"],
                debtor=self._debtor(),
                debtor_iban=self._settings.salary_account_iban,
                debtor_bic=self._settings.salary_account_bic,
                currency=batch["currency"],
                transfers=transfers,
            )
        )
        if batch["status"] == "created":

            async def exported(tx: Transaction) -> None:
                await tx.collection(PAYMENT_BATCHES).update_one(
                    {"_id": batch_id, "status": "created"},
                    {"$set": {"status": "exported", "exported_at": self._clock.now()}},
                )

            await self._uow.run(exported)
        return content
