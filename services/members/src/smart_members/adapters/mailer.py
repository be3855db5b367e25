"""Sends an account's e-mails over SMTP."""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str):
        self._host = host
        self._port = port
        self._sender = sender

    def _send(self, to: str, subject: str, body: str, message_id: str) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = message_id
        message.set_content(body)
        with smtplib.SMTP(self._host, self._port, timeout=10) as smtp:
            smtp.send_message(message)

    async def send(self, to: str, subject: str, body: str, message_id: str) -> None:
        await asyncio.to_thread(self._send, to, subject, body, message_id)
