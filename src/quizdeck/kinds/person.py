"""``person``: a name the student types; the family name alone also counts."""

from __future__ import annotations

from quizdeck.kinds.typed import TypedKind
from quizdeck.model import Kind


class PersonKind(TypedKind):
    kind = Kind.PERSON
    summary = "a name; the family name alone also counts"
    wanted = "(a name)"
