"""The embedded engine's overrides keep mongoeco's behaviour, and fail loudly when the upstream
code they rely on changes (then re-read ``smart_devstack.embedded_engine`` against it)."""

from __future__ import annotations

import hashlib
import inspect
import re
from datetime import UTC, datetime

import mongoeco
import pytest
from bson.int64 import Int64
from mongoeco import AsyncMongoClient as EmbeddedClient
from mongoeco.engines import _sqlite_plan_heuristics, _sqlite_write_ops, sqlite_query
from mongoeco.engines import sqlite as upstream_sqlite
from mongoeco.engines.sqlite import SQLiteEngine
from pymongo import ASCENDING, AsyncMongoClient
from pymongo.errors import DuplicateKeyError

from smart_devstack.embedded_engine import (
    FEATURE_QUESTIONS,
    UPSTREAM_VERSION,
    FlatCostSQLiteEngine,
)
from smart_devstack.mongo_server import running_server

UPSTREAM_SOURCES = {
    "SQLiteEngine._validate_document_against_unique_indexes": "f50e60835a1d8144",
    "SQLiteEngine._decode_codec_payload": "9e7206ac87effd2e",
    "SQLiteEngine._invalidate_collection_features_cache": "e1bdccc952ff5ab3",
    "SQLiteEngine._sort_requires_python": "40df45295b763ee5",
    "SQLiteEngine._translate_query_plan_with_multikey": "703ebc7ee809fce9",
    "SQLiteEngine._storage_key": "3af61312918fe8a4",
    "SQLiteEngine._connect_sync": "2bd887c02adb69e7",
    "SQLiteEngine._unique_index_conflict_via_scalar_entries": "9e9f569bfc7d6d1b",
    "SQLiteEngine._index_value": "b706ed8e817e63b4",
    "SQLiteEngine._field_is_top_level_array_in_collection": "fb4a72a41afc93b6",
    "SQLiteEngine._field_traverses_array_in_collection": "0e56ab940673053b",
    "SQLiteEngine._field_traverses_dbref_in_collection": "9125df16865d7105",
    "SQLiteEngine._field_contains_tagged_value_type_in_collection": "daf633059f94499c",
    "SQLiteEngine._field_contains_real_numeric_in_collection": "eaac905438c14330",
    "SQLiteEngine._field_contains_non_ascii_text_in_collection": "98902e810b79ecba",
    "SQLiteEngine._field_has_comparison_type_mismatch_in_collection": "cc65f94c10553565",
    "SQLiteEngine._field_has_scalar_or_array_element_type_mismatch_in_collection": (
        "3c71a6d5728f7c0a"
    ),
    "SQLiteEngine._field_has_uniform_scalar_sort_type_in_collection": "b4ad649774909a6a",
    "_sqlite_write_ops.insert_document_record": "b70cb80c5babec37",
    "_sqlite_plan_heuristics.sort_requires_python": "43dde6499e2b40fa",
    "sqlite_query.index_expressions_sql": "379294aa6df639a2",
    "sqlite_query.type_expression_sql": "45236b27346dcd33",
    "sqlite_query.value_expression_sql": "682f10d55c3023a9",
}
MODULES = {
    "SQLiteEngine": SQLiteEngine,
    "_sqlite_write_ops": _sqlite_write_ops,
    "_sqlite_plan_heuristics": _sqlite_plan_heuristics,
    "sqlite_query": sqlite_query,
}


def test_the_pinned_upstream_version_is_installed():
    assert mongoeco.__version__ == UPSTREAM_VERSION


@pytest.mark.parametrize("qualified", sorted(UPSTREAM_SOURCES))
def test_the_upstream_code_relied_on_is_unchanged(qualified):
    owner, name = qualified.split(".")
    source = inspect.getsource(getattr(MODULES[owner], name))
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == UPSTREAM_SOURCES[qualified], (
        f"mongoeco's {qualified} changed: check embedded_engine.py against it, then update "
        "the recorded hash"
    )


def test_every_collection_wide_question_of_the_engine_is_known():
    """An unknown question would be answered conservatively, but it must be looked at."""
    asked = set(re.findall(r'feature_key = \(\s*db_name,\s*coll_name,\s*f"(\w+):', _source()))
    assert asked == set(FEATURE_QUESTIONS)


def _source() -> str:
    return inspect.getsource(upstream_sqlite)


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path / "db.sqlite") as uri:
        yield uri


@pytest.fixture
async def database(server):
    client: AsyncMongoClient = AsyncMongoClient(server)
    yield client, client["engine"]
    await client.close()


async def test_duplicate_ids_are_refused_string_and_numeric_across_types(database):
    _, db = database
    await db.items.insert_one({"_id": "job-1"})
    with pytest.raises(DuplicateKeyError):
        await db.items.insert_one({"_id": "job-1"})
    await db.numbers.insert_one({"_id": 1})
    for same in (1.0, Int64(1)):
        with pytest.raises(DuplicateKeyError):
            await db.numbers.insert_one({"_id": same})


async def test_unique_indexes_still_refuse_duplicates(database):
    _, db = database
    await db.users.create_index([("email", ASCENDING)], unique=True)
    await db.users.insert_one({"_id": "a", "email": "a@example.org"})
    with pytest.raises(DuplicateKeyError):
        await db.users.insert_one({"_id": "b", "email": "a@example.org"})
    await db.payslips.create_index([("contract_id", ASCENDING), ("month", ASCENDING)], unique=True)
    await db.payslips.insert_one({"_id": "p1", "contract_id": "c1", "month": "2027-01"})
    await db.payslips.insert_one({"_id": "p2", "contract_id": "c1", "month": "2027-02"})
    await db.payslips.insert_one({"_id": "p3", "contract_id": "c2", "month": "2027-01"})
    with pytest.raises(DuplicateKeyError):
        await db.payslips.insert_one({"_id": "p4", "contract_id": "c1", "month": "2027-02"})
    with pytest.raises(DuplicateKeyError):
        await db.payslips.update_one({"_id": "p3"}, {"$set": {"contract_id": "c1"}})
    await db.payslips.update_one({"_id": "p3"}, {"$set": {"note": "kept"}})  # itself: no conflict
    # a job's payslip has no month: missing and null are one key, per contract
    await db.payslips.insert_one({"_id": "p5", "contract_id": "c3"})
    await db.payslips.insert_one({"_id": "p6", "contract_id": "c4"})
    for same in ({}, {"month": None}):
        with pytest.raises(DuplicateKeyError):
            await db.payslips.insert_one({"_id": "p7", "contract_id": "c3", **same})
    # numbers are equal across types, as in MongoDB
    await db.payslips.insert_one({"_id": "p8", "contract_id": "c5", "month": 1})
    for same in (1.0, Int64(1)):
        with pytest.raises(DuplicateKeyError):
            await db.payslips.insert_one({"_id": "p9", "contract_id": "c5", "month": same})
    await db.payslips.insert_one({"_id": "p9", "contract_id": "c5", "month": 2})


async def test_an_array_written_after_a_query_is_still_matched(database):
    """The engine's answer 'no arrays here' survives writes only while it stays true."""
    client, db = database
    await db.jobs.create_index([("status", ASCENDING)])
    await db.jobs.insert_many([{"_id": f"j{n}", "status": "declared"} for n in range(5)])
    assert len(await db.jobs.find({"status": "paid"}).to_list()) == 0
    await db.jobs.insert_one({"_id": "tagged", "status": ["declared", "paid"]})
    assert [job["_id"] for job in await db.jobs.find({"status": "paid"}).to_list()] == ["tagged"]
    async with client.start_session() as session:
        async with await session.start_transaction():
            await db.jobs.update_one(
                {"_id": "j0"}, {"$set": {"status": ["paid", "x"]}}, session=session
            )
    found = sorted(job["_id"] for job in await db.jobs.find({"status": "paid"}).to_list())
    assert found == ["j0", "tagged"]


async def test_a_sort_stays_in_bson_order_when_a_type_appears(database):
    _, db = database
    await db.values.insert_many([{"_id": f"s{n}", "v": f"text-{n}"} for n in range(3)])
    assert [d["_id"] for d in await db.values.find().sort("v", 1).to_list()] == ["s0", "s1", "s2"]
    await db.values.insert_one({"_id": "number", "v": 7})
    ordered = [d["_id"] for d in await db.values.find().sort("v", 1).to_list()]
    assert ordered == ["number", "s0", "s1", "s2"]  # numbers sort before strings


async def test_equality_and_id_lists_find_what_mongodb_finds(database):
    _, db = database
    await db.outbox.create_index([("status", ASCENDING), ("recorded_at", ASCENDING)])
    await db.outbox.insert_many(
        [{"_id": f"e{n}", "status": "pending" if n % 3 else "published"} for n in range(30)]
        + [{"_id": "nested", "status": {"value": "pending"}}, {"_id": "number", "status": 1}]
    )
    pending = {d["_id"] for d in await db.outbox.find({"status": "pending"}).to_list()}
    assert pending == {f"e{n}" for n in range(30) if n % 3}
    result = await db.outbox.update_many(
        {"_id": {"$in": ["e1", "e2", "missing"]}}, {"$set": {"status": "published"}}
    )
    assert result.modified_count == 2
    assert await db.outbox.count_documents({"status": "pending"}) == len(pending) - 2
    assert await db.outbox.count_documents({"_id": {"$in": ["e0", "nested"]}}) == 2


async def test_null_and_nested_equality_find_what_mongodb_finds(database):
    """The relay's query (``published_at: None``) and a worker's (``delivery.status``)."""
    _, db = database
    await db.outbox.create_index([("published_at", ASCENDING), ("recorded_at", ASCENDING)])
    await db.outbox.create_index([("delivery.status", ASCENDING)])
    published = datetime(2027, 1, 4, tzinfo=UTC)
    await db.outbox.insert_many(
        [
            {"_id": "published", "published_at": published, "delivery": {"status": "sent"}},
            {"_id": "pending", "published_at": None, "delivery": {"status": "pending"}},
            {"_id": "missing"},
            {"_id": "text", "published_at": "not a date", "delivery": "pending"},
        ]
    )
    pending = await db.outbox.find({"published_at": None}).sort([("_id", 1)]).to_list()
    assert [d["_id"] for d in pending] == ["missing", "pending"]
    assert [d["_id"] for d in await db.outbox.find({"delivery.status": "pending"}).to_list()] == [
        "pending"
    ]
    # an array on the path: MongoDB matches its elements, and so does the engine still
    await db.outbox.insert_one({"_id": "array", "delivery": [{"status": "pending"}]})
    found = sorted(d["_id"] for d in await db.outbox.find({"delivery.status": "pending"}).to_list())
    assert found == ["array", "pending"]


async def test_answers_survive_writes_from_the_first_one(tmp_path):
    """The trigger that keeps the collection-wide answers is there as soon as the engine is
    connected: a workload that only writes (inserts in transactions) never reads the whole
    collection again."""
    engine = FlatCostSQLiteEngine(path=str(tmp_path / "db.sqlite"))
    client = EmbeddedClient(engine=engine)
    await client.__aenter__()
    try:
        assert engine._touched_tracking is engine._connection
        payslips = client["engine"]["payslips"]
        await payslips.create_index([("contract_id", ASCENDING), ("month", ASCENDING)], unique=True)
        await payslips.insert_one({"_id": "p0", "contract_id": "c0"})
        question = ("engine", "payslips", "top_level_array:month")
        assert question in engine._collection_features_cache
        await payslips.insert_one({"_id": "p1", "contract_id": "c1"})
        assert question in engine._collection_features_cache  # kept, not thrown away
    finally:
        await client.__aexit__(None, None, None)
