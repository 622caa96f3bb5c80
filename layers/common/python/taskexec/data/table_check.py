"""Do the tables the code uses exist with the keys and indexes it needs? (the health check's allModelsWorking)

Expectations come from the pynamodb models themselves (their key and index schemas), so a model that gains
an index is checked for it without anyone updating a list here. A draft table the category registry names
without a model is expected keyed by `id`, as every draft is; Powertools' idempotency store, with Powertools'
default key (a unit test pins that default).

A DescribeTable per table is eight calls; the result is kept per container for `CACHE_SECONDS`, so a health
check usually costs none of them. Only complete answers are kept: a table that could not be described is
asked about again next time.
"""

import time
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from aws_lambda_powertools import Logger

from taskexec import config
from taskexec.data import clients
from taskexec.data.dynamodb_errors import aws_error_code
from taskexec.data.models import ALL_MODELS
from taskexec.domain import categories

logger = Logger(child=True)

CACHE_SECONDS = 60.0
IDEMPOTENCY_KEY = "id"
"""Powertools DynamoDBPersistenceLayer's default `key_attr`, as `taskexec.api.idempotency` constructs it."""

Key = frozenset[tuple[str, str, str]]
"""(attribute name, key type HASH/RANGE, attribute type S/N/B) of a table's or an index's key."""


class Expected:
    __slots__ = ("indexes", "key")

    def __init__(self, key: Key, indexes: dict[str, Key] | None = None) -> None:
        self.key = key
        self.indexes: dict[str, Key] = {} if indexes is None else indexes


class TableState(NamedTuple):
    exists: bool | None
    """None when the table could not be described (access denied, network): unknown, not missing."""
    keys_ok: bool = False
    indexes_ok: bool = False
    missing_indexes: tuple[str, ...] = ()
    active: bool = False

    @property
    def working(self) -> bool:
        return bool(self.exists and self.keys_ok and self.indexes_ok and self.active)


def _key(key_schema: Iterable[Mapping[str, Any]], attribute_types: dict[str, str]) -> Key:
    return frozenset(
        (k["AttributeName"], k["KeyType"], attribute_types.get(k["AttributeName"], "?")) for k in key_schema
    )


def expectations() -> dict[str, Expected]:
    """Template logical id -> the key and global indexes the code relies on."""
    expected: dict[str, Expected] = {}
    for logical_id, model in ALL_MODELS.items():
        schema = model._get_schema()
        types = {d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]}
        expected[logical_id] = Expected(
            key=_key(schema["key_schema"], types),
            indexes={gsi["index_name"]: _key(gsi["key_schema"], types) for gsi in schema["global_secondary_indexes"]},
        )
    for table in categories.draft_tables():
        expected.setdefault(table, Expected(key=frozenset({("id", "HASH", "S")})))
    expected["IdempotencyTable"] = Expected(key=frozenset({(IDEMPOTENCY_KEY, "HASH", "S")}))
    return expected


def compare(expected: Expected, table: dict[str, Any]) -> TableState:
    """A DescribeTable `Table` against what the code needs (extra indexes on the table are fine)."""
    types = {d["AttributeName"]: d["AttributeType"] for d in table.get("AttributeDefinitions", [])}
    actual = {gsi["IndexName"]: _key(gsi["KeySchema"], types) for gsi in table.get("GlobalSecondaryIndexes", [])}
    missing = tuple(sorted(name for name, key in expected.indexes.items() if actual.get(name) != key))
    return TableState(
        exists=True,
        keys_ok=_key(table.get("KeySchema", []), types) == expected.key,
        indexes_ok=not missing,
        missing_indexes=missing,
        active=table.get("TableStatus") in ("ACTIVE", "UPDATING"),
    )


def _describe(logical_id: str, expected: Expected) -> TableState:
    try:
        table = clients.dynamodb().describe_table(TableName=config.table_name(logical_id))["Table"]
    except Exception as exc:
        if aws_error_code(exc) == "ResourceNotFoundException":
            return TableState(exists=False)
        logger.warning("could not describe a table", extra={"table": logical_id, "fault": type(exc).__name__})
        return TableState(exists=None)
    return compare(expected, table)


_cache: tuple[float, dict[str, TableState]] | None = None


def check_tables(max_age_s: float = CACHE_SECONDS) -> dict[str, TableState]:
    """Every table's state, from the per-container cache when it is younger than `max_age_s`."""
    global _cache
    now = time.monotonic()
    if _cache is not None and now - _cache[0] < max_age_s:
        return _cache[1]
    states = {logical_id: _describe(logical_id, expected) for logical_id, expected in expectations().items()}
    _cache = (now, states) if all(state.exists is not None for state in states.values()) else None
    return states


def clear_cache() -> None:
    global _cache
    _cache = None
