"""Text fields that are safe to put in fixed-format files (SEPA XML, DSN lines, PDFs, e-mail).

Control characters (Unicode category Cc: ``\\u0001``, ``\\x7f`` …) and format characters (Cf:
zero-width spaces, bidirectional overrides that disguise what is displayed) are refused at the
boundary with a 422 naming the field. :data:`PlainText` is one line; :data:`MultilineText`
allows line breaks and tabs (descriptions, reasons).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ValidationInfo, field_validator

from smart_common.json_types import accepted_types, type_problem

_REFUSED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn")
_MULTILINE_ALLOWED = frozenset("\n\r\t")


def _offending(value: str, allowed: frozenset[str]) -> str | None:
    for character in value:
        if character in allowed:
            continue
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            return character
    return None


def _refuse(value: str, allowed: frozenset[str]) -> str:
    character = _offending(value, allowed)
    if character is not None:
        name = unicodedata.name(character, "control character")
        raise ValueError(f"contains U+{ord(character):04X} ({name.lower()}), which is not allowed")
    return value


def plain_text(value: str) -> str:
    return _refuse(value, frozenset())


def multiline_text(value: str) -> str:
    return _refuse(value, _MULTILINE_ALLOWED)


PlainText = Annotated[str, AfterValidator(plain_text)]
MultilineText = Annotated[str, AfterValidator(multiline_text)]


class InputModel(BaseModel):
    """Base of every request body: no text field carries control or format characters.

    Fields named in ``multiline_fields`` may hold line breaks and tabs. The error names the
    field (``address.street: Value error, contains U+0001 …``).
    """

    multiline_fields: ClassVar[frozenset[str]] = frozenset({"description", "reason"})

    @field_validator("*", mode="before")
    @classmethod
    def _json_types(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        annotation: Any = field.annotation if field is not None else None
        accepted = accepted_types(annotation) if annotation is not None else None
        if accepted is not None and (problem := type_problem(value, accepted)):
            raise ValueError(problem)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        allowed = _MULTILINE_ALLOWED if info.field_name in cls.multiline_fields else frozenset()
        for text in _texts(value):
            _refuse(text, allowed)
        return value


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set | frozenset):
        return [item for item in value if isinstance(item, str)]
    if isinstance(value, dict):
        return [item for pair in value.items() for item in pair if isinstance(item, str)]
    return []
