"""The SEPA credit transfer paying a financing's advance to its payee (pain.001.001.09),
from the cooperative's financing account; the payee's IBAN is opened only here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smart_activities.settings import ActivitiesSettings
from smart_common.credit_transfer import Batch, Party, PostalAddress, Transfer, render_pain001
from smart_common.persistence import Document
from smart_common.personal_data import PersonalDataCipher


class AdvanceTransfers:
    def __init__(self, settings: ActivitiesSettings, cipher: PersonalDataCipher):
        self._settings = settings
        self._cipher = cipher

    def advance(self, financing: Document) -> bytes:
        settings = self._settings
        reference = financing["_id"].replace("-", "")
        return render_pain001(
            Batch(
                message_id=f"FIN-{reference[:30]}",
                created_at=financing["created_at"],
                debtor=Party(
                    settings.cooperative_name,
                    PostalAddress(
                        settings.cooperative_street,
                        settings.cooperative_postal_code,
                        settings.cooperative_city,
                        settings.cooperative_country,
                    ),
                ),
                debtor_iban=settings.financing_account_iban,
                debtor_bic=settings.financing_account_bic,
                currency=financing["currency"],
                transfers=[
                    Transfer(
                        end_to_end_id=reference[:35],
                        amount=Decimal(financing["amount"]),
                        creditor=Party(financing["payee"]["name"], None),
                        iban=self._cipher.open(financing["payee"]["iban"], financing["member_id"]),
                        remittance=f"Financing {financing['purpose']}"[:140],
                        execution_date=date.fromisoformat(financing["disbursed_on"]),
                    )
                ],
                purpose=None,
            )
        )
