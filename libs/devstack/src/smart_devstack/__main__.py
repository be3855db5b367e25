"""``python -m smart_devstack up|down|status|replay|asyncapi``: the embedded default."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import date
from pathlib import Path

from smart_devstack.entities import ENTITY_ENVIRONMENTS
from smart_devstack.stack import SERVICES, Stack, StackError

DATA_DIR = Path(os.environ.get("STACK_DATA_DIR", ".data"))


def up(entity: str = "BE", today: date | None = None) -> int:
    if today is not None and os.environ.get("SMART_ENVIRONMENT", "development") != "development":
        print("error: TODAY (a chosen date) is refused outside development", file=sys.stderr)
        return 1
    stack = Stack.attach(DATA_DIR)
    if stack is not None and stack.entity != entity:
        print(
            f"error: {DATA_DIR} holds entity {stack.entity}'s stack; use another STACK_DATA_DIR",
            file=sys.stderr,
        )
        return 1
    if stack is not None and today is not None and today != stack.clock.today():
        if stack.any_alive():
            print("error: the stack runs at another date; `make down` first", file=sys.stderr)
            return 1
        stack = None
    if stack is None:
        stack = Stack(DATA_DIR, entity=entity, today=today)
    print(
        f"starting entity {entity} on {stack.clock.today()}: "
        "the broker, the databases and the services…",
        flush=True,
    )
    try:
        stack.start()
    except StackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"kafka        127.0.0.1:{stack.ports.kafka}")
    for name in SERVICES:
        print(f"{name:<12} {stack.url(name)}   (docs {stack.url(name)}/docs)")
    print(f"dimona sim.  http://127.0.0.1:{stack.ports.dimona}/dimona/v2/declarations")
    print(f"peppol AP    http://127.0.0.1:{stack.ports.peppol}/v1/documents")
    print(f"mail sink    {stack.data_dir / 'mail'}   logs {stack.logs}")
    print("admin login  admin@example.org / admin-change-me (development only)")
    return 0


def down() -> int:
    stack = Stack.attach(DATA_DIR)
    if stack is None:
        print("nothing to stop")
        return 0
    stack.stop()
    print("stopped; data kept in", stack.data_dir)
    return 0


def status() -> int:
    stack = Stack.attach(DATA_DIR)
    if stack is None:
        print("not started")
        return 1
    report = {
        name: {
            "alive": stack.alive(name),
            **({"ready": stack.ready(name)} if name in SERVICES else {}),
        }
        for name in stack.processes
    }
    print(json.dumps(report, indent=2))
    return 0


def replay() -> int:
    """Publish every service's outbox again (the embedded broker keeps its log in memory)."""
    from smart_devstack.replay import replay_all

    stack = Stack.attach(DATA_DIR)
    if stack is None:
        print("not started", file=sys.stderr)
        return 1
    counts = asyncio.run(replay_all(stack))
    print(json.dumps(counts, indent=2))
    return 0


def asyncapi() -> int:
    from smart_devstack.contracts import write_asyncapi_documents

    for path in write_asyncapi_documents(Path.cwd()):
        print("wrote", path)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="smart_devstack", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "status", "replay", "asyncapi"])
    parser.add_argument(
        "--entity",
        default="BE",
        choices=sorted(ENTITY_ENVIRONMENTS),
        help="the country entity this stack runs (up only)",
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="development only: run the stack's clock from this date (up only)",
    )
    arguments = parser.parse_args()
    if arguments.command == "up":
        return up(arguments.entity, arguments.today)
    return {"down": down, "status": status, "replay": replay, "asyncapi": asyncapi}[
        arguments.command
    ]()


if __name__ == "__main__":
    raise SystemExit(main())
