from smart_common.events.catalog import BY_TYPE, EVENT_TYPES
from smart_common.events.envelope import Envelope
from smart_common.events.governance import ShareSubscribed


def test_headers_round_trip_in_binary_mode():
    data = ShareSubscribed(
        subscription_id="s1",
        member_id="m1",
        entity="BE",
        shares=1,
        unit_price="30.00",
        total="30.00",
        currency="EUR",
    )
    envelope = Envelope.wrap(
        data,
        source="/smart/be/governance",
        subject="m1",
        entity="BE",
        correlation_id="s1",
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )
    headers = envelope.headers()
    assert {
        "ce_id",
        "ce_source",
        "ce_type",
        "ce_time",
        "ce_subject",
        "ce_entity",
        "ce_correlationid",
        "traceparent",
    } <= headers.keys()
    assert Envelope.from_kafka(headers, envelope.data) == envelope
    assert envelope.data["unit_price"] == "30.00"


def test_event_types_are_versioned_and_unique():
    assert len(BY_TYPE) == len(EVENT_TYPES)
    for model in EVENT_TYPES:
        assert model.event_type.startswith("coop.smart.")
        assert model.event_type.rsplit(".", 1)[-1].startswith("v")
