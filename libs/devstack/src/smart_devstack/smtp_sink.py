"""An SMTP sink that keeps every message as an .eml file: ``python -m smart_devstack.smtp_sink``."""

from __future__ import annotations

import argparse
import asyncio
import signal
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class MailDrop:
    def __init__(self, folder: Path):
        self._folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{uuid.uuid4()}.eml"
        (self._folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


async def serve(folder: Path, host: str, port: int) -> None:
    controller = Controller(MailDrop(folder), hostname=host, port=port)
    controller.start()
    print(f"smtp sink listening on {host}:{port}, writing to {folder}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    asyncio.run(serve(arguments.dir, arguments.host, arguments.port))


if __name__ == "__main__":
    main()
