"""A local simulator of the social-security Dimona v2 REST service (for development and tests).

``POST /dimona/v2/declarations`` answers 201 with a Location; the result is ready after a short
processing delay (``GET`` answers 404 until then), as the real service processes asynchronously.
It refuses what the real service refuses: an invalid employer enterprise number, an invalid SSIN
checksum, an end before the start, a student without planned hours, and (a simulator control,
``PUT /simulator/unknown-persons/{ssin}``) a person unknown to the national register.
Run it with ``python -m smart_payroll.simulators.dimona``.
"""

from __future__ import annotations

import argparse
import itertools
import time
from datetime import date
from typing import Any

import uvicorn
from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from stdnum.be import nn

from smart_common.clock import Clock, SystemClock, clock_from_settings
from smart_payroll.adapters.submission import REFERENCE_HEADER
from smart_payroll.simulators.dpae import add_dpae_routes


def _enterprise_number_valid(number: str) -> bool:
    return len(number) == 10 and number.isdigit() and 97 - int(number[:8]) % 97 == int(number[8:])


INVALID_DATE = {
    "errorId": "00913-352",
    "labelFr": "Date de fin manquante ou invalide",
    "labelNl": "Einddatum ontbreekt of ongeldig",
}
NOTHING_TO_UPDATE = {
    "errorId": "00914-001",
    "labelFr": "Aucune modification demandée",
    "labelNl": "Geen wijziging gevraagd",
}


def _iso_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _cancel_anomalies(body: dict[str, Any], periods: set[int]) -> list[dict[str, str]]:
    """``dimonaCancel``, ``dimonaOut`` and ``dimonaUpdate`` name a period that must exist; an
    out gives its end date, an update at least one change."""
    for shape in ("dimonaCancel", "dimonaOut", "dimonaUpdate"):
        if shape in body:
            content = body[shape]
            period = str(content.get("periodId"))
            if not (period.isdigit() and int(period) in periods):
                return [
                    {
                        "errorId": "00901-003",
                        "labelFr": "Période Dimona inconnue",
                        "labelNl": "Onbekende Dimona-periode",
                    }
                ]
            if shape == "dimonaOut" and not _iso_date(content.get("endDate")):
                return [INVALID_DATE]
            changes = {"startDate", "endDate", "plannedHoursNumber"} & content.keys()
            if shape == "dimonaUpdate" and not changes:
                return [NOTHING_TO_UPDATE]
            dates = [content[key] for key in ("startDate", "endDate") if key in content]
            if not all(_iso_date(value) for value in dates):
                return [INVALID_DATE]
            return []
    return [{"errorId": "00000-001", "labelFr": "Déclaration vide", "labelNl": "Lege aangifte"}]


def _anomalies(body: dict[str, Any], unknown: set[str]) -> list[dict[str, str]]:
    anomalies = []
    if not _enterprise_number_valid(str(body.get("employer", {}).get("enterpriseNumber", ""))):
        anomalies.append(
            {
                "errorId": "00000-010",
                "labelFr": "Numéro d'entreprise invalide",
                "labelNl": "Ongeldig ondernemingsnummer",
            }
        )
    ssin = body.get("worker", {}).get("ssin")
    if ssin is not None and not nn.is_valid(ssin):
        anomalies.append(
            {"errorId": "90017-369", "labelFr": "INSS invalide", "labelNl": "Ongeldig INSZ"}
        )
    elif ssin is not None and nn.compact(ssin) in unknown:
        anomalies.append(
            {
                "errorId": "90017-370",
                "labelFr": "INSS inconnu au registre national",
                "labelNl": "INSZ onbekend in het rijksregister",
            }
        )
    dimona_in = body.get("dimonaIn") or {}
    try:
        start = date.fromisoformat(dimona_in["startDate"])
        end = date.fromisoformat(dimona_in.get("endDate", dimona_in["startDate"]))
        if end < start:
            raise ValueError
    except (KeyError, ValueError):
        anomalies.append(
            {
                "errorId": "00913-352",
                "labelFr": "Date de fin avant le début",
                "labelNl": "Einddatum voor begindatum",
            }
        )
    features = dimona_in.get("features", {})
    if features.get("workerType") == "STU" and not dimona_in.get("plannedHoursNumber"):
        anomalies.append(
            {
                "errorId": "90017-500",
                "labelFr": "Heures planifiées manquantes",
                "labelNl": "Geplande uren ontbreken",
            }
        )
    return anomalies


def create_simulator(processing_seconds: float = 0.3, clock: Clock | None = None) -> FastAPI:
    app = FastAPI(title="Dimona v2 simulator")
    declarations: dict[str, dict[str, Any]] = {}
    unknown: set[str] = set()
    periods: set[int] = set()
    ids = itertools.count(int(time.time() * 1000))

    @app.post("/dimona/v2/declarations", status_code=201)
    async def submit(request: Request) -> Response:
        body = await request.json()
        declaration_id = str(next(ids))
        declarations[declaration_id] = {
            "received": time.monotonic(),
            "body": body,
            "reference": request.headers.get(REFERENCE_HEADER),
            "anomalies": (
                _anomalies(body, unknown)
                if "dimonaIn" in body
                else _cancel_anomalies(body, periods)
            ),
        }
        return Response(
            status_code=201, headers={"Location": f"/dimona/v2/declarations/{declaration_id}"}
        )

    @app.get("/dimona/v2/declarations/{declaration_id}")
    async def result(declaration_id: str) -> JSONResponse:
        declaration = declarations.get(declaration_id)
        if declaration is None or time.monotonic() - declaration["received"] < processing_seconds:
            return JSONResponse({"message": "not found or still processing"}, status_code=404)
        anomalies = declaration["anomalies"]
        status: dict[str, Any] = {
            "declarationId": int(declaration_id),
            "result": "B" if anomalies else "A",
            "anomalies": anomalies,
        }
        if not anomalies and "dimonaIn" in declaration["body"]:
            status["period"] = {"id": int(declaration_id) + 1}
            periods.add(int(declaration_id) + 1)
        return JSONResponse({"declarationStatus": status})

    @app.put("/simulator/unknown-persons/{ssin}", status_code=204)
    async def unknown_person(ssin: str) -> Response:
        """A simulator control: declarations for this SSIN are refused as unknown persons."""
        unknown.add(nn.compact(ssin))
        return Response(status_code=204)

    add_dpae_routes(app, processing_seconds, clock or SystemClock())

    @app.get("/dimona/v2/declarations")
    async def received(
        client_reference: str | None = Query(None, alias="clientReference"),
    ) -> list[dict[str, Any]]:
        """The declarations received (under a client reference: the search payroll makes
        before resubmitting; without one, all of them, for tests and audits)."""
        return [
            {"declarationId": key, **value["body"]}
            for key, value in declarations.items()
            if client_reference is None or value["reference"] == client_reference
        ]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--processing-seconds", type=float, default=0.3)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="run the clock from this date"
    )
    parser.add_argument("--today-since", type=date.fromisoformat, default=None)
    arguments = parser.parse_args()
    clock = clock_from_settings(arguments.today, arguments.today_since)
    uvicorn.run(
        create_simulator(arguments.processing_seconds, clock),
        host=arguments.host,
        port=arguments.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
