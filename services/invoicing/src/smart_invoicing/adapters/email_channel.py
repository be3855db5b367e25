"""Delivery of invoices by e-mail (SMTP). Peppol delivery comes with the e-invoicing work."""

from __future__ import annotations

import asyncio
import json
import smtplib
from email.message import EmailMessage
from typing import Any, Protocol


class InvoiceChannel(Protocol):
    name: str

    async def deliver(self, invoice: dict[str, Any]) -> None:
        """Deliver the invoice or raise."""
        ...


def render_text(invoice: dict[str, Any]) -> str:
    seller, buyer = invoice["seller"], invoice["buyer"]
    seller_address, buyer_address = seller["address"], buyer["address"]
    lines = [
        f"{seller['name']} — VAT {seller['vat_number']}",
        f"{seller_address['street']}, {seller_address['postal_code']} {seller_address['city']}",
        "",
        f"Invoice {invoice['number']}   issued {invoice['issue_date']}   due {invoice['due_date']}",
        f"To: {buyer['name']} — VAT {buyer['vat_number']}",
        f"    {buyer_address['street']}, {buyer_address['postal_code']} {buyer_address['city']}",
        "",
    ]
    for line in invoice["lines"]:
        lines.append(f"  {line['description']}: {line['net_amount']} {invoice['currency']}")
    for group in invoice["vat_breakdown"]:
        lines.append(
            f"  VAT {group['category']} {group['rate']}: base {group['taxable_amount']}, "
            f"VAT {group['vat_amount']}"
        )
        if group.get("mention"):
            lines.append(f"  {group['mention']}")
    lines += [
        f"Total excl. VAT {invoice['total_excl_vat']}  VAT {invoice['total_vat']}  "
        f"Total {invoice['total_incl_vat']} {invoice['currency']}",
        "",
        f"Please pay to {seller['iban']} with the structured communication "
        f"{invoice['payment_reference']} by {invoice['due_date']}.",
    ]
    return "\n".join(lines)


class SmtpInvoiceChannel:
    name = "email"

    def __init__(self, host: str, port: int, sender: str):
        self._host = host
        self._port = port
        self._sender = sender

    def _send(self, invoice: dict[str, Any]) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = invoice["buyer"]["email"]
        message["Subject"] = f"Invoice {invoice['number']} — {invoice['seller']['name']}"
        message["Message-ID"] = f"<invoice-{invoice['invoice_id']}@smart.invalid>"
        message.set_content(render_text(invoice))
        message.add_attachment(
            json.dumps(invoice, indent=2).encode(),
            maintype="application",
            subtype="json",
            filename=f"{invoice['number']}.json",
        )
        with smtplib.SMTP(self._host, self._port, timeout=10) as smtp:
            smtp.send_message(message)

    async def deliver(self, invoice: dict[str, Any]) -> None:
        await asyncio.to_thread(self._send, invoice)
