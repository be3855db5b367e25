"""What a service publishes and consumes follows from its registered use cases and reactions."""

from __future__ import annotations

from typing import Any

import pytest

from smart_common.bus import BatchReaction, Catalogue, EventReaction, Reaction, UseCase
from smart_common.events.envelope import Envelope, EventData
from smart_common.persistence import Transaction


class Asked(EventData):
    event_type = "coop.smart.test.asked.v1"
    stream = "test.asked"


class Answered(EventData):
    event_type = "coop.smart.test.answered.v1"
    stream = "test.answered"


class Noted(EventData):
    event_type = "coop.smart.test.noted.v1"
    stream = "test.noted"


class Answer(UseCase):
    raises = (Answered,)


class AnswerAgain(UseCase):
    raises = (Answered,)


class OnAsked(EventReaction):
    consumer = "test-asked"
    handles = (Asked,)
    raises = (Noted,)

    async def handle(self, data: Any, envelope: Envelope, tx: Transaction) -> None:
        return None


class OnAnswered(BatchReaction):
    consumer = "test-answered"
    handles = (Answered, Asked)

    async def handle_batch(self, items: list[tuple[Any, Envelope]], tx: Transaction) -> None:
        return None


CATALOGUE = Catalogue(use_cases=(Answer, AnswerAgain), reactions=(OnAsked, OnAnswered))


def test_what_is_published_is_what_use_cases_and_reactions_raise_once_each() -> None:
    assert CATALOGUE.published == (Answered, Noted)


def test_what_is_consumed_is_what_reactions_handle_once_each() -> None:
    assert CATALOGUE.consumed == (Asked, Answered)


def test_the_asyncapi_document_names_every_published_and_consumed_message() -> None:
    document = CATALOGUE.asyncapi(service="test", description="a test service")
    assert set(document["components"]["messages"]) == {"Asked", "Answered", "Noted"}


def test_a_reaction_that_is_neither_per_event_nor_batch_is_refused() -> None:
    class Vague(Reaction):
        consumer = "test-vague"
        handles = (Asked,)

    with pytest.raises(TypeError, match="Vague"):
        Catalogue(use_cases=(), reactions=(Vague,))


class _Runtime:
    def __init__(self) -> None:
        self.consumers: dict[str, _Consumer] = {}

    def consumer(self, name: str) -> _Consumer:
        return self.consumers.setdefault(name, _Consumer())


class _Consumer:
    def __init__(self) -> None:
        self.single: list[str] = []
        self.batches: list[list[str]] = []

    def on(self, event: type[EventData], handler: Any) -> None:
        self.single.append(event.event_type)

    def on_batch(self, events: tuple[type[EventData], ...], handler: Any) -> None:
        self.batches.append([event.event_type for event in events])


def test_subscribing_wires_each_reaction_on_its_consumer() -> None:
    runtime = _Runtime()
    CATALOGUE.subscribe(runtime, [OnAnswered(), OnAsked()])  # type: ignore[arg-type]
    assert runtime.consumers["test-asked"].single == [Asked.event_type]
    assert runtime.consumers["test-answered"].batches == [[Answered.event_type, Asked.event_type]]


@pytest.mark.parametrize("wired", [[OnAsked()], [OnAsked(), OnAsked(), OnAnswered()]])
def test_a_reaction_registered_but_not_wired_or_wired_twice_is_refused(
    wired: list[Reaction],
) -> None:
    with pytest.raises(ValueError, match="differ from those registered"):
        CATALOGUE.subscribe(_Runtime(), wired)  # type: ignore[arg-type]
