"""A request body's values have the JSON types its schema documents.

Pydantic's lax mode turns ``0`` into 1970-01-01, ``"5"`` into 5 and ``1`` into ``true``: a
client sending the wrong type would be understood, silently, as something else. Request
bodies refuse that (422 naming the field); Python callers building a body keep passing
Python values (a ``date``, a ``Decimal``)."""

from __future__ import annotations

import re
import types
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BeforeValidator

NAMES = {str: "a string", int: "an integer", bool: "true or false", type(None): "null"}


@cache
def accepted_types(annotation: Any) -> frozenset[type] | None:
    """The value types a field of this annotation accepts (None: not checked here — lists,
    objects, literals and the like, which pydantic checks exactly)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return accepted_types(get_args(annotation)[0])
    if origin is Union or isinstance(annotation, types.UnionType):
        found: set[type] = set()
        for member in get_args(annotation):
            accepted = accepted_types(member)
            if accepted is None:
                return None
            found |= accepted
        return frozenset(found)
    if annotation is type(None):
        return frozenset({type(None)})
    if annotation is bool:
        return frozenset({bool})
    if annotation is int:
        return frozenset({int})
    if annotation is str:
        return frozenset({str})
    if annotation is date:
        return frozenset({str, date})
    if annotation is datetime:
        return frozenset({str, datetime})
    if annotation is Decimal:  # amounts travel as decimal strings (floats would round)
        return frozenset({str, Decimal})
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return frozenset({str, annotation}) if issubclass(annotation, str) else None
    return None


def type_problem(value: Any, accepted: frozenset[type]) -> str | None:
    """Why ``value`` is not of an accepted type (None: it is)."""
    if any(_is(value, kind) for kind in accepted):
        return None
    names = sorted({NAMES.get(kind, "a string") for kind in accepted})
    return f"expected {' or '.join(names)}"


def _is(value: Any, kind: type) -> bool:
    if kind in (bool, int):  # True is an int in Python, never in JSON
        return type(value) is kind
    return isinstance(value, kind)


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date as YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A date given as text (a query parameter): YYYY-MM-DD only, never a number of seconds."""
