"""A local Peppol access point (for development and tests): it records what it receives and
answers delivered or failed.

``POST /v1/documents`` takes a UBL invoice or credit note with the ``Peppol-Sender``,
``Peppol-Receiver`` and ``Peppol-Instance-Id`` headers and answers 202 with a message id (the
same one again for a resubmitted instance id); the status is ``accepted`` for a short transit
time, then ``delivered`` — or ``failed`` for a receiver told to refuse with
``PUT /v1/receivers/{participant}`` ``{"answer": "failed"}``. A document that is not UBL, or a
participant id without a scheme, is refused with 422. ``GET /v1/documents`` lists what arrived.
Run it with ``python -m smart_invoicing.simulators.peppol_access_point``.
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from lxml import etree

PARTICIPANT = re.compile(r"^[0-9]{4}:[A-Za-z0-9.\-]+$")
UBL_ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "credit_note",
}


def create_simulator(transit_seconds: float = 0.05) -> FastAPI:
    app = FastAPI(title="Peppol access point simulator")
    documents: dict[str, dict[str, Any]] = {}
    by_instance: dict[str, str] = {}
    answers: dict[str, str] = {}
    ids = itertools.count(1)

    @app.post("/v1/documents", status_code=202)
    async def submit(request: Request) -> JSONResponse:
        sender = request.headers.get("Peppol-Sender", "")
        receiver = request.headers.get("Peppol-Receiver", "")
        instance = request.headers.get("Peppol-Instance-Id", "")
        if not (PARTICIPANT.match(sender) and PARTICIPANT.match(receiver) and instance):
            return JSONResponse({"detail": "sender, receiver and instance id are required"}, 422)
        if instance in by_instance:
            return JSONResponse({"id": by_instance[instance], "status": "accepted"}, 202)
        body = await request.body()
        try:
            root = etree.fromstring(body)
        except etree.XMLSyntaxError as error:
            return JSONResponse({"detail": f"not XML: {error}"}, 422)
        if root.tag not in UBL_ROOTS:
            return JSONResponse({"detail": "not a UBL invoice or credit note"}, 422)
        message_id = str(next(ids))
        by_instance[instance] = message_id
        documents[message_id] = {
            "id": message_id,
            "sender": sender,
            "receiver": receiver,
            "instance_id": instance,
            "document_type": UBL_ROOTS[root.tag],
            "number": root.findtext("{*}ID"),
            "received": time.monotonic(),
            "content": body,
            "outcome": answers.get(receiver, "delivered"),
        }
        return JSONResponse({"id": message_id, "status": "accepted"}, 202)

    def public(document: dict[str, Any]) -> dict[str, Any]:
        in_transit = time.monotonic() - document["received"] < transit_seconds
        status = "accepted" if in_transit else document["outcome"]
        answer = {
            key: document[key]
            for key in ("id", "sender", "receiver", "instance_id", "document_type", "number")
        } | {"status": status}
        if status == "failed":
            answer["reason"] = "receiver's access point refused the document"
        return answer

    @app.get("/v1/documents/{message_id}")
    async def status(message_id: str) -> JSONResponse:
        document = documents.get(message_id)
        if document is None:
            return JSONResponse({"detail": "no such message"}, 404)
        return JSONResponse(public(document))

    @app.get("/v1/documents/{message_id}/content")
    async def content(message_id: str) -> Response:
        document = documents.get(message_id)
        if document is None:
            return JSONResponse({"detail": "no such message"}, 404)
        return Response(document["content"], media_type="application/xml")

    @app.get("/v1/documents")
    async def received(receiver: str | None = None) -> list[dict[str, Any]]:
        return [
            public(document)
            for document in documents.values()
            if receiver is None or document["receiver"] == receiver
        ]

    @app.put("/v1/receivers/{participant}")
    async def behaviour(participant: str, request: Request) -> dict[str, str]:
        answer = (await request.json()).get("answer", "delivered")
        answers[participant] = "failed" if answer == "failed" else "delivered"
        return {"participant": participant, "answer": answers[participant]}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--transit-seconds", type=float, default=0.05)
    arguments = parser.parse_args()
    uvicorn.run(
        create_simulator(arguments.transit_seconds),
        host=arguments.host,
        port=arguments.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
