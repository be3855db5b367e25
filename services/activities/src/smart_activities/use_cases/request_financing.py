"""A member asks the cooperative to finance a purchase of their activity: a counsellor
decides every request (the review queue); the amount and length are bounded by the pack."""

from __future__ import annotations

import uuid
from decimal import Decimal

from stdnum import iban as iban_number
from stdnum.exceptions import ValidationError

from smart_activities.adapters.repositories import Financings
from smart_activities.domain.reviews import Timing
from smart_activities.financings import financing_view
from smart_activities.notes import open_review
from smart_activities.schemas import Financing, FinancingIn
from smart_activities.use_cases.open_activity import own_activity, require_budget
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured


class RequestFinancing(UseCase):
    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock, cipher: PersonalDataCipher):
        self._uow = uow
        self._rules = rules
        self._clock = clock
        self._cipher = cipher

    async def __call__(
        self,
        principal: Principal,
        activity_id: str,
        request: FinancingIn,
        idempotency_key: str | None,
    ) -> tuple[Financing, bool]:
        try:
            policy = self._rules.pack(principal.entity, self._clock.today()).value("financing")
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"financing is not configured for entity {principal.entity}: {error}"
            ) from error
        ceiling, longest = Decimal(policy["max_amount"]), int(policy["max_months"])
        if request.amount > ceiling:
            raise Unprocessable(f"amount: at most {ceiling} ({request.amount} asked)")
        if request.months > longest:
            raise Unprocessable(f"months: at most {longest} ({request.months} asked)")
        try:
            iban = iban_number.validate(request.payee.iban)
        except ValidationError as error:
            raise Unprocessable(f"payee.iban: not a valid IBAN ({error})") from error

        async def create(tx: Transaction) -> Financing:
            activity = await own_activity(tx, principal, activity_id)
            require_budget(activity, "financings")
            now = self._clock.now()
            financing_id = str(uuid.uuid4())
            financing = {
                "_id": financing_id,
                "activity_id": activity_id,
                "member_id": principal.subject,
                "entity": activity["entity"],
                "currency": activity["currency"],
                "amount": str(request.amount),
                "purpose": request.purpose,
                "months": request.months,
                "annual_rate": str(policy["annual_rate"]),
                "payee": {
                    "name": request.payee.name,
                    "iban": self._cipher.seal(iban, principal.subject),
                    "iban_last4": iban[-4:],
                },
                "status": "requested",
                "instalments": [],
                "repaid": "0.00",
                "disbursed_on": None,
                "history": [
                    {"status": "requested", "at": now, "by": principal.subject, "comment": None}
                ],
                "created_at": now,
            }
            financing["review_id"] = await open_review(
                tx,
                activity=activity,
                operation={"kind": "financing_request", "id": financing_id},
                timing=Timing.BEFORE,
                reasons=["a financing is decided by a counsellor"],
                amount=request.amount,
                now=now,
            )
            await Financings(tx).add(financing)
            return financing_view(financing, self._clock.today())

        return await run_idempotent_as(
            Financing,
            self._uow,
            scope=f"financing:{principal.subject}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )
