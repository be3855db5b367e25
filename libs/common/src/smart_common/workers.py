"""Background work of a service process: periodic jobs woken early by committed events."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from smart_common.leases import Lease

log = logging.getLogger(__name__)


class PeriodicWorker:
    """Runs ``step`` every ``interval`` seconds, or sooner when :meth:`wake` is called —
    only while it holds its lease, when it has one (one replica at a time)."""

    def __init__(
        self,
        name: str,
        step: Callable[[], Awaitable[object]],
        interval: float,
        lease: Lease | None = None,
    ):
        self.name = name
        self._step = step
        self._lease = lease
        self._interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._lease is not None:
            await self._lease.release()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                if self._lease is None or await self._lease.acquire():
                    await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("worker %s failed; it will run again", self.name)
            try:
                await asyncio.wait_for(self._wake.wait(), self._interval)
            except TimeoutError:
                pass
