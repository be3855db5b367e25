"""Delivery channels: Peppol through an access point, e-mail with the PDF and the XML attached.

A channel delivers a parcel or raises; it answers a receipt (the access point's message id,
the e-mail's Message-ID). The parcel's ``instance_id`` lets an access point recognise a resubmission
after a crash, so a retry never sends a document twice.
"""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

import httpx

from smart_invoicing.domain.document import ElectronicAddress


class DeliveryFailed(Exception):
    """The channel answered that the document cannot be delivered."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    mime_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class Parcel:
    instance_id: str
    kind: str
    number: str
    subject: str
    body: str
    sender: ElectronicAddress
    receiver: ElectronicAddress
    email: str | None
    ubl: bytes
    attachments: list[Attachment] = field(default_factory=list)


class DeliveryChannel(Protocol):
    name: str

    async def deliver(self, parcel: Parcel) -> str:
        """Deliver the parcel and answer a receipt, or raise."""
        ...


class EmailChannel:
    name = "email"

    def __init__(self, host: str, port: int, sender: str):
        self._host = host
        self._port = port
        self._sender = sender

    def _send(self, parcel: Parcel) -> str:
        if not parcel.email:
            raise DeliveryFailed("the client has no e-mail address")
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = parcel.email
        message["Subject"] = parcel.subject
        message_id = f"<{parcel.kind}-{parcel.instance_id}@smart.invalid>"
        message["Message-ID"] = message_id
        message.set_content(parcel.body)
        for attachment in parcel.attachments:
            maintype, subtype = attachment.mime_type.split("/")
            message.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        with smtplib.SMTP(self._host, self._port, timeout=10) as smtp:
            smtp.send_message(message)
        return message_id

    async def deliver(self, parcel: Parcel) -> str:
        return await asyncio.to_thread(self._send, parcel)


class PeppolAccessPointChannel:
    """Hands UBL documents to the cooperative's Peppol access point over its REST API.

    ``POST {base}/v1/documents`` (the UBL, sender/receiver participant ids, the instance id)
    answers 202 with the message id; ``GET {base}/v1/documents/{id}`` answers its status
    (``accepted`` while in transit, ``delivered`` or ``failed`` with a reason).
    """

    name = "peppol"

    def __init__(
        self,
        base_url: str,
        polls: int = 20,
        poll_interval: float = 0.1,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self._base_url = base_url.rstrip("/")
        self._polls = polls
        self._poll_interval = poll_interval
        self._transport = transport

    async def deliver(self, parcel: Parcel) -> str:
        async with httpx.AsyncClient(
            base_url=self._base_url, timeout=10, transport=self._transport
        ) as client:
            submitted = await client.post(
                "/v1/documents",
                content=parcel.ubl,
                headers={
                    "Content-Type": "application/xml",
                    "Peppol-Sender": f"{parcel.sender.scheme}:{parcel.sender.identifier}",
                    "Peppol-Receiver": f"{parcel.receiver.scheme}:{parcel.receiver.identifier}",
                    "Peppol-Instance-Id": parcel.instance_id,
                },
            )
            if submitted.status_code == 422:
                raise DeliveryFailed(f"access point refused the document: {submitted.text[:300]}")
            submitted.raise_for_status()
            message_id = str(submitted.json()["id"])
            for attempt in range(self._polls):
                status = await client.get(f"/v1/documents/{message_id}")
                status.raise_for_status()
                answer = status.json()
                if answer["status"] == "delivered":
                    return message_id
                if answer["status"] == "failed":
                    raise DeliveryFailed(answer.get("reason") or "the receiver did not accept it")
                await asyncio.sleep(self._poll_interval * (attempt + 1))
        raise TimeoutError(f"access point message {message_id} still in transit")
