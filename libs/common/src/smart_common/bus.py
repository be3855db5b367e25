"""What a service does, registered in one place: its use cases and its reactions to events.

Each use case declares the events it raises; each reaction declares its consumer, the events it
handles and those it raises. A service's ``bus.py`` lists them in a ``Catalogue``, from which
are derived what the service publishes (its topics, the outbox's check that nothing undeclared
is recorded, its AsyncAPI document) and what it consumes (its subscriptions). The unit of work
runs each of them: it opens the transaction, retries it on a conflict, writes the raised events
to the outbox and the inbox claim with the state, and commits.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar

from smart_common.asyncapi import build_asyncapi
from smart_common.events.envelope import Envelope, EventData
from smart_common.messaging import EventConsumer
from smart_common.persistence import Transaction
from smart_common.runtime import ServiceRuntime

type Events = tuple[type[EventData], ...]


class UseCase:
    """A command the service runs for a caller (one module each)."""

    raises: ClassVar[Events] = ()


class Reaction:
    """What the service does when another context's event arrives (one module each).

    Reactions naming the same ``consumer`` share its consumer group (and its order of
    events); a consumer has either per-event reactions or one batch reaction.
    """

    consumer: ClassVar[str]
    handles: ClassVar[Events]
    raises: ClassVar[Events] = ()


class EventReaction(Reaction, ABC):
    """Handles one event at a time, in the transaction that claims it in the inbox."""

    @abstractmethod
    async def handle(self, data: Any, envelope: Envelope, tx: Transaction) -> None: ...


class BatchReaction(Reaction, ABC):
    """Handles a consumer batch's events at once (one read and one write for all of them)."""

    @abstractmethod
    async def handle_batch(self, items: list[tuple[Any, Envelope]], tx: Transaction) -> None: ...


class Aggregate(ABC):
    """A consistency boundary of the domain: its methods check the rules, change its state and
    raise events; the repository saving it records them in the outbox, in the same transaction.

    The events' envelope comes from the aggregate: its id is their subject (and Kafka key),
    its entity theirs, and the saga it belongs to their correlation and trace."""

    def __init__(self) -> None:
        self._raised: list[EventData] = []

    @property
    @abstractmethod
    def subject(self) -> str: ...

    @property
    @abstractmethod
    def entity(self) -> str: ...

    @property
    @abstractmethod
    def correlation_id(self) -> str: ...

    @property
    def traceparent(self) -> str | None:
        return None

    def raise_event(self, event: EventData) -> None:
        self._raised.append(event)

    async def record_raised(self, tx: Transaction) -> None:
        """Put the events raised since the last call in ``tx``'s outbox."""
        raised, self._raised = self._raised, []
        for event in raised:
            await tx.record_event(
                event,
                subject=self.subject,
                entity=self.entity,
                correlation_id=self.correlation_id,
                traceparent=self.traceparent,
            )


def _unique(events: Iterable[type[EventData]]) -> Events:
    return tuple(dict.fromkeys(events))


class Catalogue:
    """The use cases and reactions of one service, and what they publish and consume."""

    def __init__(
        self, *, use_cases: Iterable[type[UseCase]], reactions: Iterable[type[Reaction]] = ()
    ):
        self.use_cases = tuple(use_cases)
        self.reactions = tuple(reactions)
        for reaction in self.reactions:
            if not issubclass(reaction, EventReaction | BatchReaction):
                raise TypeError(f"{reaction.__name__} is neither an event nor a batch reaction")

    @property
    def published(self) -> Events:
        raising: list[type[UseCase] | type[Reaction]] = [*self.use_cases, *self.reactions]
        return _unique(event for registered in raising for event in registered.raises)

    @property
    def consumed(self) -> Events:
        return _unique(event for reaction in self.reactions for event in reaction.handles)

    def asyncapi(self, *, service: str, description: str) -> dict[str, Any]:
        return build_asyncapi(
            service=service,
            description=description,
            publishes=self.published,
            consumes=self.consumed,
        )

    def subscribe(self, runtime: ServiceRuntime, reactions: Iterable[Reaction]) -> None:
        """Give each reaction its consumer; every registered reaction must be wired once, and
        nothing unregistered may be."""
        reactions = list(reactions)
        wired = [type(reaction) for reaction in reactions]
        if sorted(map(repr, wired)) != sorted(map(repr, self.reactions)):
            raise ValueError(
                f"reactions wired {[kind.__name__ for kind in wired]} differ from those "
                f"registered {[kind.__name__ for kind in self.reactions]}"
            )
        consumers: dict[str, EventConsumer] = {}
        for reaction in reactions:
            name = reaction.consumer
            consumer = consumers.get(name) or consumers.setdefault(name, runtime.consumer(name))
            if isinstance(reaction, BatchReaction):
                consumer.on_batch(reaction.handles, reaction.handle_batch)
            elif isinstance(reaction, EventReaction):
                for event in reaction.handles:
                    consumer.on(event, reaction.handle)
