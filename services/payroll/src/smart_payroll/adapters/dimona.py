"""The hiring-declaration gateway: Dimona v2 over its REST API (submit, then poll)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from smart_payroll.adapters import submission
from smart_payroll.adapters.submission import GatewayError


@dataclass(frozen=True, slots=True)
class DeclarationResult:
    result: str  # A accepted, W accepted with warning, B refused, S waiting for identification
    declaration_id: str
    period_id: str | None = None
    anomalies: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.result in {"A", "W"}

    @property
    def refused(self) -> bool:
        return self.result == "B"


class HiringDeclarationGateway(Protocol):
    async def submit(self, body: dict[str, Any], reference: str) -> str:
        """Submit a declaration under our ``reference``; returns the id to poll."""
        ...

    async def find(self, reference: str) -> str | None:
        """The id of the declaration submitted under ``reference``, if it was received."""
        ...

    async def result(self, declaration_id: str) -> DeclarationResult | None:
        """The result, or None while social security is still processing it."""
        ...


class DimonaRestGateway:
    """Speaks the Dimona v2 REST shapes: ``POST /declarations`` → 201 + Location, then GET."""

    def __init__(self, base_url: str, client: httpx.AsyncClient | None = None):
        self._base_url = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=10)

    async def submit(self, body: dict[str, Any], reference: str) -> str:
        return await submission.submit(
            self._client, f"{self._base_url}/declarations", body, reference, "Dimona"
        )

    async def find(self, reference: str) -> str | None:
        return await submission.find(
            self._client, f"{self._base_url}/declarations", reference, "Dimona"
        )

    async def result(self, declaration_id: str) -> DeclarationResult | None:
        response = await self._client.get(f"{self._base_url}/declarations/{declaration_id}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise GatewayError(f"Dimona result answered {response.status_code}: {response.text}")
        status: dict[str, Any] = response.json()["declarationStatus"]
        anomalies = [
            f"{anomaly['errorId']}: {anomaly.get('labelFr') or anomaly.get('labelNl', '')}"
            for anomaly in status.get("anomalies", [])
        ]
        return DeclarationResult(
            result=status["result"],
            declaration_id=str(status["declarationId"]),
            period_id=str(status["period"]["id"]) if status.get("period") else None,
            anomalies=anomalies,
        )

    async def close(self) -> None:
        await self._client.aclose()


def dimona_in_body(
    *,
    enterprise_number: str,
    joint_committee: str,
    ssin: str | None,
    first_name: str,
    last_name: str,
    start_date: str,
    end_date: str,
    worker_type: str = "OTH",
    planned_hours: int | None = None,
) -> dict[str, Any]:
    worker: dict[str, Any] = (
        {"ssin": ssin} if ssin else {"identity": {"firstName": first_name, "lastName": last_name}}
    )
    dimona_in: dict[str, Any] = {
        "startDate": start_date,
        "endDate": end_date,
        "features": {"workerType": worker_type, "jointCommissionNumber": joint_committee},
    }
    if planned_hours is not None:
        dimona_in["plannedHoursNumber"] = planned_hours
    return {
        "employer": {"enterpriseNumber": enterprise_number},
        "worker": worker,
        "dimonaIn": dimona_in,
    }


def dimona_out_body(*, period_id: int | str, end_date: str) -> dict[str, Any]:
    """Ends an open period (an open-ended occupation) on ``end_date``."""
    return {"dimonaOut": {"periodId": _period_number(period_id), "endDate": end_date}}


def dimona_update_body(
    *,
    period_id: int | str,
    start_date: str | None = None,
    end_date: str | None = None,
    planned_hours: int | None = None,
) -> dict[str, Any]:
    """Changes an accepted period: its dates or a student's planned hours."""
    changes: dict[str, Any] = {
        key: value
        for key, value in (
            ("startDate", start_date),
            ("endDate", end_date),
            ("plannedHoursNumber", planned_hours),
        )
        if value is not None
    }
    if not changes:
        raise ValueError("a Dimona update changes at least a date or the planned hours")
    return {"dimonaUpdate": {"periodId": _period_number(period_id), **changes}}


def dimona_cancel_body(*, period_id: int | str | None) -> dict[str, Any]:
    """Withdraws an accepted period (the work will not happen)."""
    return {"dimonaCancel": {"periodId": _period_number(period_id)}}


def _period_number(period_id: int | str | None) -> int | str | None:
    """Dimona period ids are numbers in the API's JSON."""
    if isinstance(period_id, str) and period_id.isdigit():
        return int(period_id)
    return period_id
