"""DPAE routes of the local social-security simulator (served by the same process as Dimona).

``POST /dpae/v1/declarations`` answers 201 + Location; ``GET`` answers ``processing`` for a short
while, then ``accepted`` with a receipt number, or ``refused`` with anomalies: an invalid SIRET,
a hiring more than 8 days ahead (the DPAE is made within the 8 days before hiring, Code du
travail art. R1221-5), an end before the hiring, a fixed-term contract without an end.
"""

from __future__ import annotations

import itertools
import time
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from stdnum.fr import siret

from smart_common.clock import Clock
from smart_payroll.adapters.submission import REFERENCE_HEADER


def _anomalies(body: dict[str, Any], today: date) -> list[dict[str, str]]:
    anomalies = []
    if not siret.is_valid(str(body.get("employer", {}).get("siret", ""))):
        anomalies.append({"code": "E001", "label": "SIRET invalide"})
    hiring = body.get("hiring", {})
    try:
        start = date.fromisoformat(hiring["date"])
    except (KeyError, ValueError):
        return [*anomalies, {"code": "E010", "label": "Date d'embauche absente ou invalide"}]
    if start > today + timedelta(days=8):
        anomalies.append({"code": "E011", "label": "DPAE trop anticipée (plus de 8 jours)"})
    if hiring.get("contractNature") == "CDD":
        try:
            if date.fromisoformat(hiring["endDate"]) < start:
                anomalies.append({"code": "E012", "label": "Fin de contrat avant l'embauche"})
        except (KeyError, ValueError):
            anomalies.append({"code": "E013", "label": "CDD sans date de fin"})
    return anomalies


def add_dpae_routes(app: FastAPI, processing_seconds: float, clock: Clock) -> None:
    declarations: dict[str, dict[str, Any]] = {}
    ids = itertools.count(int(time.time() * 1000))

    @app.post("/dpae/v1/declarations", status_code=201)
    async def submit(request: Request) -> Response:
        body = await request.json()
        declaration_id = str(next(ids))
        declarations[declaration_id] = {
            "received": time.monotonic(),
            "body": body,
            "reference": request.headers.get(REFERENCE_HEADER),
            "anomalies": _anomalies(body, clock.today()),
        }
        return Response(
            status_code=201, headers={"Location": f"/dpae/v1/declarations/{declaration_id}"}
        )

    @app.get("/dpae/v1/declarations")
    async def received(
        client_reference: str | None = Query(None, alias="clientReference"),
    ) -> list[dict[str, Any]]:
        """The DPAE received under a client reference (or all of them)."""
        return [
            {"declarationId": key, **value["body"]}
            for key, value in declarations.items()
            if client_reference is None or value["reference"] == client_reference
        ]

    @app.get("/dpae/v1/declarations/{declaration_id}")
    async def result(declaration_id: str) -> JSONResponse:
        declaration = declarations.get(declaration_id)
        if declaration is None:
            return JSONResponse({"message": "unknown declaration"}, status_code=404)
        if time.monotonic() - declaration["received"] < processing_seconds:
            return JSONResponse({"status": "processing"})
        if declaration["anomalies"]:
            return JSONResponse({"status": "refused", "anomalies": declaration["anomalies"]})
        return JSONResponse({"status": "accepted", "receiptNumber": f"DPAE{declaration_id}"})
