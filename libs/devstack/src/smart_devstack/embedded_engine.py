"""mongoeco's SQLite engine with its linear paths removed for the suite's documents.

Per-operation costs of the upstream engine (version pinned in ``pyproject.toml``) that grow
with the size of a collection and dominated the embedded stack's CPU:

1. Every single-document insert compares the new ``_id`` with the ``_id`` of **every** stored
   document (``_sqlite_write_ops.insert_document_record`` validates unique indexes with
   ``scan_payload_id=True``). The scan exists for numeric ids, whose BSON equality crosses
   types (``1 == 1.0 == Int64(1)``) while their storage keys differ. For any other id, equal
   ids have equal storage keys, so the primary-key lookup the engine does first already finds
   a duplicate: the scan is skipped unless the id contains a number. Likewise a compound
   unique index is checked by reading every document; when the new key's values are strings
   the engine's own physical index on those fields finds the candidates instead.
2. Before an insert (unique indexes) and before translating a query, the engine asks questions
   about the whole collection ("does any document hold an array at this field? a decimal? a
   non-ASCII string?") with a full scan each, and forgets every answer at the next write, so
   in practice every operation scans the collection several times. Here the answers survive
   writes: a temporary trigger records which documents a write touched, and before an answer
   is used again it is brought up to date by asking the same question of those documents only
   (in a scratch in-memory table). Every such question is an "exists" question — a stale
   "yes" only sends the engine down its general path — except "do all documents have the
   same type here", which a touched document can only falsify.
3. A query's SQL compares ``json_extract(document, path)`` with the value, an expression no
   index covers, although the engine builds an index on ``(type, value)`` expressions for
   every ordered index: for equality with a string or None (or ``_id`` with strings) on a path
   that holds no array, the translation gains the same condition written with the index's
   expressions (or the primary key), which SQLite then uses. The added condition is implied
   by the original, so results do not change.
4. Decoding a stored document called ``inspect.signature`` on the codec's ``decode`` once per
   document; the answer cannot change for the engine's life, so it is computed once.

``tests/integration/test_embedded_engine.py`` pins the upstream code these overrides rely on
(version and sources) and checks the behaviour kept.
"""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Callable
from typing import Any

from mongoeco.core.identity import id_contains_numeric_value
from mongoeco.core.paths import get_document_value
from mongoeco.core.query_plan import AndCondition, EqualsCondition, InCondition, QueryNode
from mongoeco.engines._sqlite_plan_heuristics import sort_requires_python
from mongoeco.engines.sqlite import SQLiteEngine
from mongoeco.engines.sqlite_query import (
    index_expressions_sql,
    json_path_for_field,
    path_array_prefixes,
    translate_query_plan,
    type_expression_sql,
)

UPSTREAM_VERSION = "4.11.0"

# The collection-wide questions of the engine, by the prefix of their cache key: the method
# that answers it and how many arguments follow the field in the key.
FEATURE_QUESTIONS: dict[str, tuple[str, int]] = {
    "top_level_array": ("_field_is_top_level_array_in_collection", 0),
    "traverses_array": ("_field_traverses_array_in_collection", 0),
    "traverses_dbref": ("_field_traverses_dbref_in_collection", 0),
    "tagged_type": ("_field_contains_tagged_value_type_in_collection", 1),
    "contains_real_numeric": ("_field_contains_real_numeric_in_collection", 0),
    "contains_non_ascii_text": ("_field_contains_non_ascii_text_in_collection", 0),
    "comparison_mismatch": ("_field_has_comparison_type_mismatch_in_collection", 1),
    "scalar_or_array_comparison_mismatch": (
        "_field_has_scalar_or_array_element_type_mismatch_in_collection",
        1,
    ),
    "uniform_scalar_sort_type": ("_field_has_uniform_scalar_sort_type_in_collection", 0),
}
UNIFORM = "uniform_scalar_sort_type"

TOUCHED_SCHEMA = """
CREATE TEMP TABLE IF NOT EXISTS touched_documents (
    db_name TEXT NOT NULL, coll_name TEXT NOT NULL, storage_key TEXT NOT NULL,
    PRIMARY KEY (db_name, coll_name, storage_key)
) WITHOUT ROWID;
CREATE TEMP TRIGGER IF NOT EXISTS touched_on_insert AFTER INSERT ON main.documents BEGIN
    INSERT OR IGNORE INTO touched_documents VALUES (NEW.db_name, NEW.coll_name, NEW.storage_key);
END;
CREATE TEMP TRIGGER IF NOT EXISTS touched_on_update AFTER UPDATE ON main.documents BEGIN
    INSERT OR IGNORE INTO touched_documents VALUES (NEW.db_name, NEW.coll_name, NEW.storage_key);
END;
"""
SCRATCH_SCHEMA = """
CREATE TABLE documents (
    db_name TEXT NOT NULL, coll_name TEXT NOT NULL, storage_key TEXT NOT NULL,
    document TEXT NOT NULL, PRIMARY KEY (db_name, coll_name, storage_key)
)
"""


def _answering(name: str) -> Callable[..., Any]:
    upstream = getattr(SQLiteEngine, name)

    def answer(self: FlatCostSQLiteEngine, db_name: str, coll_name: str, *args: Any) -> Any:
        self._bring_answers_up_to_date(db_name, coll_name)
        return upstream(self, db_name, coll_name, *args)

    answer.__name__ = name
    return answer


class FlatCostSQLiteEngine(SQLiteEngine):
    """``SQLiteEngine`` whose inserts and indexed queries cost the same at any size."""

    _decode_takes_wrappers: bool | None = None
    _touched_tracking: sqlite3.Connection | None = None

    # -- 1. the payload scan of inserts ------------------------------------------------------

    def _validate_document_against_unique_indexes(
        self,
        db_name: str,
        coll_name: str,
        document: Any,
        *,
        exclude_storage_key: str | None = None,
        skip_id_check: bool = False,
        scan_payload_id: bool = False,
    ) -> None:
        if scan_payload_id and not id_contains_numeric_value(document.get("_id")):
            scan_payload_id = False  # the storage-key lookup already covers equal ids
        super()._validate_document_against_unique_indexes(
            db_name,
            coll_name,
            document,
            exclude_storage_key=exclude_storage_key,
            skip_id_check=skip_id_check,
            scan_payload_id=scan_payload_id,
        )

    def _unique_index_conflict_via_scalar_entries(
        self,
        conn: sqlite3.Connection,
        collection_id: int | None,
        index: Any,
        document: Any,
        *,
        exclude_storage_key: str | None,
    ) -> bool | None:
        """Upstream answers single-field indexes only (None: "scan the collection"); a
        compound index whose first value is a string is answered through its physical index
        (a missing or numeric later field included: a payslip's month)."""
        upstream = super()._unique_index_conflict_via_scalar_entries(
            conn, collection_id, index, document, exclude_storage_key=exclude_storage_key
        )
        fields: list[str] = index["fields"]
        if upstream is not None or collection_id is None or len(fields) < 2:
            return upstream
        if index.get("sparse") or index.get("partial_filter_expression"):
            return None
        values = [get_document_value(document, field) for field in fields]
        first_found, first_value = values[0]
        if any("." in f for f in fields) or not (first_found and isinstance(first_value, str)):
            return None
        namespace = conn.execute(
            "SELECT db_name, coll_name FROM collections WHERE collection_id = ?", (collection_id,)
        ).fetchone()
        if namespace is None:
            return None
        terms, params = [], [*namespace]
        # the string values narrow through the index's prefix; the others (missing, null, a
        # number, whose equality crosses types) are compared below as upstream compares them
        for field, (found, value) in zip(fields, values, strict=True):
            if found and isinstance(value, str):
                type_sql, value_sql = index_expressions_sql(field)
                terms.append(f"{type_sql} = '' AND {value_sql} = ?")
                params.append(value)
        sql = "SELECT document FROM documents WHERE db_name = ? AND coll_name = ? AND " + (
            " AND ".join(terms)
        )
        if exclude_storage_key is not None:
            sql += " AND storage_key != ?"
            params.append(exclude_storage_key)
        key = tuple(self._index_value(document, field) for field in fields)
        for (payload,) in conn.execute(sql, params).fetchall():
            existing = self._deserialize_document(payload)
            if tuple(self._index_value(existing, field) for field in fields) == key:
                return True
        return False

    # -- 2. collection-wide answers that survive writes --------------------------------------

    def _connect_sync(self) -> None:
        """Upstream's connection, then the trigger at once: installed lazily it would wait for
        a question asked outside a transaction, which a write-only workload never asks."""
        super()._connect_sync()
        with self._lock:
            self._tracked_connection()

    def _tracked_connection(self) -> sqlite3.Connection | None:
        """The engine's writing connection, with the trigger recording touched documents.

        None while not connected or inside a transaction before the trigger exists. Queries may
        run on reader connections; every write goes through this one.
        """
        conn: sqlite3.Connection | None = self._connection
        if conn is None:
            return None
        if self._touched_tracking is not conn:
            if conn.in_transaction:  # no DDL inside one: a rollback would drop the trigger
                return None
            conn.executescript(TOUCHED_SCHEMA)
            self._touched_tracking = conn
            # answers given before the trigger existed may miss writes: start afresh
            super()._invalidate_collection_features_cache()
        return conn

    def _invalidate_collection_features_cache(
        self, db_name: str | None = None, coll_name: str | None = None
    ) -> None:
        if db_name is None or coll_name is None:
            super()._invalidate_collection_features_cache()
            if self._touched_tracking is not None:
                try:
                    self._forget_touched(self._touched_tracking)
                except sqlite3.Error:  # closed
                    self._touched_tracking = None
        elif self._tracked_connection() is None:
            super()._invalidate_collection_features_cache(db_name, coll_name)
        # otherwise the answers stay, brought up to date when next asked

    @staticmethod
    def _forget_touched(
        conn: sqlite3.Connection, where: str = "", params: tuple[str, ...] = ()
    ) -> None:
        in_transaction = conn.in_transaction
        conn.execute(f"DELETE FROM temp.touched_documents {where}", params)
        if not in_transaction:  # the driver opened one for the DELETE: end it
            conn.commit()

    def _bring_answers_up_to_date(self, db_name: str, coll_name: str) -> None:
        with self._lock:
            conn = self._tracked_connection()
            if conn is None:
                super()._invalidate_collection_features_cache(db_name, coll_name)
                return
            touched = conn.execute(
                "SELECT d.storage_key, d.document FROM temp.touched_documents t "
                "JOIN main.documents d ON d.db_name = t.db_name AND d.coll_name = t.coll_name "
                "AND d.storage_key = t.storage_key WHERE t.db_name = ? AND t.coll_name = ?",
                (db_name, coll_name),
            ).fetchall()
            if not touched:
                return
            self._forget_touched(conn, "WHERE db_name = ? AND coll_name = ?", (db_name, coll_name))
            cache = self._collection_features_cache
            known = {key: value for key, value in cache.items() if key[:2] == (db_name, coll_name)}
            if not known:
                return
            scratch = sqlite3.connect(":memory:")
            try:
                scratch.execute(SCRATCH_SCHEMA)
                scratch.executemany(
                    "INSERT INTO documents VALUES (?, ?, ?, ?)",
                    [(db_name, coll_name, key, document) for key, document in touched],
                )
                with self._bind_connection(scratch):
                    for key, before in known.items():
                        cache[key] = self._answer_for(key, before)
            finally:
                scratch.close()

    def _answer_for(self, key: tuple[str, str, str], before: Any) -> Any:
        """The answer for the whole collection, from the one before and the touched documents."""
        db_name, coll_name, question = key
        kind, _, rest = question.partition(":")
        method, extra = FEATURE_QUESTIONS.get(kind, (None, 0))
        if method is None:
            return True  # an unknown question: the conservative answer
        arguments = rest.rsplit(":", extra) if extra else [rest]
        del self._collection_features_cache[key]
        touched = getattr(SQLiteEngine, method)(self, db_name, coll_name, *arguments)
        if kind == UNIFORM:
            return before if touched == before else False
        return bool(before) or bool(touched)

    # -- 3. equality conditions the engine's indexes can serve -------------------------------

    def _translate_query_plan_with_multikey(
        self, db_name: str, coll_name: str, plan: QueryNode
    ) -> tuple[str, list[object]]:
        translated = super()._translate_query_plan_with_multikey(db_name, coll_name, plan)
        return self._with_index_terms(db_name, coll_name, plan, translated)

    def _sort_requires_python(
        self, db_name: str, coll_name: str, plan: QueryNode, sort: Any
    ) -> bool:
        """The upstream method, its probe query given the index terms too."""

        def translate(node: QueryNode) -> tuple[str, list[object]]:
            return self._with_index_terms(db_name, coll_name, node, translate_query_plan(node))

        return sort_requires_python(
            db_name=db_name,
            coll_name=coll_name,
            plan=plan,
            sort=sort,
            plan_has_array_traversing_paths=self._plan_has_array_traversing_paths,
            translate_query_plan=translate,
            field_traverses_array_in_collection=self._field_traverses_array_in_collection,
            field_contains_tagged_bytes_in_collection=self._field_contains_tagged_bytes_in_collection,
            field_contains_tagged_undefined_in_collection=(
                self._field_contains_tagged_undefined_in_collection
            ),
            fetchone=lambda sql, params: self._require_connection().execute(sql, params).fetchone(),
            type_expression_sql=type_expression_sql,
            json_path_for_field=json_path_for_field,
        )

    def _with_index_terms(
        self, db_name: str, coll_name: str, plan: QueryNode, translated: tuple[str, list[object]]
    ) -> tuple[str, list[object]]:
        sql, params = translated
        clauses = plan.clauses if isinstance(plan, AndCondition) else (plan,)
        extra_sql: list[str] = []
        extra_params: list[object] = []
        for clause in clauses:
            indexable = self._indexable(db_name, coll_name, clause)
            if indexable is not None:
                extra_sql.append(indexable[0])
                extra_params.extend(indexable[1])
        if not extra_sql:
            return sql, params
        return f"({sql}) AND " + " AND ".join(extra_sql), [*params, *extra_params]

    def _indexable(
        self, db_name: str, coll_name: str, clause: QueryNode
    ) -> tuple[str, list[object]] | None:
        """The clause's condition in the terms of the engine's physical indexes, if it can
        be written so without changing what matches: equality with a string or None on a
        path that holds no array in the collection, or ``_id`` in a list of strings."""
        if isinstance(clause, EqualsCondition):
            field, values = clause.field, (clause.value,)
        elif isinstance(clause, InCondition) and clause.field == "_id":
            field, values = clause.field, clause.values
        else:
            return None
        if field == "_id":
            if not values or not all(isinstance(value, str) for value in values):
                return None
            keys = [self._storage_key(value) for value in values]
            return f"documents.storage_key IN ({', '.join('?' * len(keys))})", list(keys)
        value = values[0]
        if not (value is None or isinstance(value, str)):
            return None
        if any(part.isdigit() for part in field.split(".")):
            return None
        if self._field_is_top_level_array_in_collection(db_name, coll_name, field):
            return None  # an array holding the value matches too: keep the general form
        if path_array_prefixes(field) and self._field_traverses_array_in_collection(
            db_name, coll_name, field
        ):
            return None
        type_sql, value_sql = index_expressions_sql(field)
        if value is None:
            # null, missing and undefined among others: a superset, but one the index narrows
            # (a date, the usual other value, is tagged) and SQLite uses, unlike an OR
            return f"{type_sql} IN ('', 'undefined')", []
        return f"{type_sql} = '' AND {value_sql} = ?", [value]

    # -- 4. the codec's signature -----------------------------------------------------------

    def _decode_codec_payload(self, payload: object, *, preserve_bson_wrappers: bool) -> Any:
        decode = self._codec.decode
        if self._decode_takes_wrappers is None:
            try:
                parameters = inspect.signature(decode).parameters
            except (TypeError, ValueError):
                parameters = {}  # type: ignore[assignment]
            self._decode_takes_wrappers = "preserve_bson_wrappers" in parameters
        if not self._decode_takes_wrappers:
            return decode(payload)
        return decode(payload, preserve_bson_wrappers=preserve_bson_wrappers)


for _method, _ in FEATURE_QUESTIONS.values():
    setattr(FlatCostSQLiteEngine, _method, _answering(_method))
