"""The five typed kinds in one table: cloze blanks are typed answers of these kinds."""

from __future__ import annotations

from quizdeck.kinds.date import DateKind
from quizdeck.kinds.number import NumberKind
from quizdeck.kinds.person import PersonKind
from quizdeck.kinds.text import TextKind
from quizdeck.kinds.typed import TypedKind
from quizdeck.kinds.year import YearKind
from quizdeck.model import Kind

#: Every typed kind, in the order menus list them.
TYPED: dict[Kind, TypedKind] = {
    spec.kind: spec for spec in (TextKind(), PersonKind(), NumberKind(), YearKind(), DateKind())
}
