"""The invoicing service's documents a case file holds — the invoice's PDF and each reminder's
letter — fetched over HTTP with the caller's own token: invoicing decides what they may read."""

from __future__ import annotations

from typing import Protocol

import httpx

from smart_common.problems import Unavailable


class InvoicingDocuments(Protocol):
    async def invoice_pdf(self, invoice_id: str, authorization: str) -> bytes: ...

    async def reminder_letter(self, reminder_id: str, authorization: str) -> bytes: ...


class InvoicingOverHttp:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    async def invoice_pdf(self, invoice_id: str, authorization: str) -> bytes:
        return await self._get(f"/v1/invoices/{invoice_id}/pdf", authorization)

    async def reminder_letter(self, reminder_id: str, authorization: str) -> bytes:
        return await self._get(f"/v1/reminders/{reminder_id}/pdf", authorization)

    async def _get(self, path: str, authorization: str) -> bytes:
        try:
            async with httpx.AsyncClient(base_url=self._base_url, timeout=self._timeout) as http:
                answer = await http.get(path, headers={"Authorization": authorization})
        except httpx.HTTPError as error:
            raise Unavailable(
                f"the invoicing service did not answer for {path}: {error}"
            ) from error
        if answer.status_code != 200:
            raise Unavailable(
                f"the invoicing service answered {answer.status_code} for {path}: the case file "
                "is not complete without it"
            )
        return answer.content
