"""A MongoDB-wire server (mongoeco) on a SQLite file: ``python -m smart_devstack.mongo_server``."""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path

from mongoeco.engines.sqlite import SQLiteEngine
from mongoeco.wire import AsyncMongoEcoProxyServer


async def serve(path: Path, host: str, port: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    server = AsyncMongoEcoProxyServer(engine=SQLiteEngine(path=str(path)), host=host, port=port)
    address = await server.start()
    print(f"mongodb-wire listening on {address.uri}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", type=Path, required=True, help="SQLite file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    asyncio.run(serve(arguments.path, arguments.host, arguments.port))


if __name__ == "__main__":
    main()
