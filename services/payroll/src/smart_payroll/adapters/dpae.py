"""The French hiring declaration (DPAE, to Urssaf) through the same gateway pattern as Dimona:
submit (201 + Location), then poll for the receipt or the anomalies.

The shapes below are this project's adapter contract (urssaf.fr describes the machine-to-
machine DPAE API — receipts, anomaly reports — but its fields were not found); the simulator
speaks them, and a real Urssaf connection replaces this adapter only.
"""

from __future__ import annotations

from typing import Any

import httpx

from smart_payroll.adapters import submission
from smart_payroll.adapters.dimona import DeclarationResult, GatewayError

CONTRACT_NATURES = {"cdd": "CDD", "cdi": "CDI"}


def dpae_body(
    *,
    siret: str,
    first_name: str,
    last_name: str,
    hiring_date: str,
    end_date: str | None,
    contract_type: str,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employer": {"siret": siret},
        "employee": {"lastName": last_name, "firstName": first_name},
        "hiring": {"date": hiring_date, "contractNature": CONTRACT_NATURES[contract_type]},
    }
    if end_date and contract_type == "cdd":
        body["hiring"]["endDate"] = end_date
    return body


class DpaeRestGateway:
    def __init__(self, base_url: str, client: httpx.AsyncClient | None = None):
        self._base_url = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=10)

    async def submit(self, body: dict[str, Any], reference: str) -> str:
        return await submission.submit(
            self._client, f"{self._base_url}/declarations", body, reference, "DPAE"
        )

    async def find(self, reference: str) -> str | None:
        return await submission.find(
            self._client, f"{self._base_url}/declarations", reference, "DPAE"
        )

    async def result(self, declaration_id: str) -> DeclarationResult | None:
        response = await self._client.get(f"{self._base_url}/declarations/{declaration_id}")
        if response.status_code != 200:
            raise GatewayError(f"DPAE result answered {response.status_code}: {response.text}")
        answer: dict[str, Any] = response.json()
        if answer["status"] == "processing":
            return None
        return DeclarationResult(
            result="A" if answer["status"] == "accepted" else "B",
            declaration_id=declaration_id,
            period_id=answer.get("receiptNumber"),
            anomalies=[
                f"{anomaly['code']}: {anomaly['label']}" for anomaly in answer.get("anomalies", [])
            ],
        )

    async def close(self) -> None:
        await self._client.aclose()
