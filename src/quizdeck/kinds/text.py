"""``text``: a word or phrase the student types, graded leniently (see ``grading.names``)."""

from __future__ import annotations

from quizdeck.kinds.typed import TypedKind
from quizdeck.model import Kind


class TextKind(TypedKind):
    kind = Kind.TEXT
    summary = "a word or phrase, graded leniently"
