"""Match answers: a partner for each item; each right pair earns its share of the score."""

from __future__ import annotations

from collections.abc import Sequence

from quizdeck.grading.entities import Glossary, with_aliases
from quizdeck.grading.lists import split_items
from quizdeck.grading.typed import grade_typed, text_answer
from quizdeck.grading.verdict import Grade, light

#: Written between an item and its partner in a typed answer ("Paris = France").
_JOINERS = ("=", "→", "->", ":")


def _right_partner(partner: str, given: str, glossary: Glossary = ()) -> bool:
    """Whether ``given`` names ``partner``: exactly as picked, or typed as a text answer (any
    name the glossary gives the partner's entity too)."""
    if not given.strip():
        return False
    if light(given) == light(partner):
        return True
    accepted = with_aliases([partner], glossary)
    return grade_typed(text_answer, accepted, given, glossary=glossary).correct


def grade_pairs(
    pairs: Sequence[tuple[str, str]], partners: Sequence[str], glossary: Glossary = ()
) -> Grade:
    """Grade the partner given for each item (in the items' order).

    The score is the share of right pairs; the answer is correct when every
    pair is. A typed partner is read as a text answer (typos and spelling
    variants allowed).
    """
    shown = "; ".join(f"{item} → {partner}" for item, partner in pairs)
    if not pairs:
        return Grade(0.0, False, "", shown, "no pairs")
    given = [*partners, *[""] * (len(pairs) - len(partners))][: len(pairs)]
    right = [
        _right_partner(partner, answer, glossary)
        for (_, partner), answer in zip(pairs, given, strict=True)
    ]
    count = sum(right)
    if count == len(pairs):
        return Grade(1.0, True, "", shown, "every pair right")
    wrong = [item for (item, _), ok in zip(pairs, right, strict=True) if not ok]
    note = f"{count} of {len(pairs)} pairs right" if count else ""
    reason = f"{count} of {len(pairs)} pairs right; wrong: {', '.join(wrong)}"
    return Grade(count / len(pairs), False, note, shown, reason)


def read_pairs(text: str, pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The partner given for each item in a typed answer.

    Items are separated as a typed list (``;`` or commas). Each is
    ``item = partner`` (also ``→``, ``->`` or ``:``), the item recognized as a
    text answer; or the partner alone, taken in the items' order. A pair whose
    item is none of the card's ("Louis XVIII = ..." for Louis XVI) pairs nothing:
    it fills the next item's place with no partner.
    """
    partners = [""] * len(pairs)
    loose: list[str] = []
    for piece in split_items(text):
        named = _named_pair(piece, pairs)
        if named is None:
            loose.append("" if _has_joiner(piece) else piece)
        else:
            index, partner = named
            partners[index] = partner
    free = iter(index for index, partner in enumerate(partners) if not partner)
    for piece, index in zip(loose, free, strict=False):
        partners[index] = piece
    return partners


def _has_joiner(piece: str) -> bool:
    """Whether a piece is written ``item = partner`` (an item before a joiner)."""
    return any(piece.partition(joiner)[0].strip() and joiner in piece for joiner in _JOINERS)


def _named_pair(piece: str, pairs: Sequence[tuple[str, str]]) -> tuple[int, str] | None:
    """(index of the item, partner) when ``piece`` names one of the items before a joiner."""
    for joiner in _JOINERS:
        item, sep, partner = piece.partition(joiner)
        if not sep:
            continue
        for index, (name, _) in enumerate(pairs):
            if grade_typed(text_answer, [name], item.strip()).correct:
                return index, partner.strip()
    return None
