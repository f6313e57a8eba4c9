"""One Anki note as a quiz card draft.

A note quiz exported itself (its note type is named "quiz …") comes back as the card it was:
its kind read from the note type and the shape of its fields (an ``<ol>`` answer is an order
card, pairs a match card, options a choice card, "True or false?" a true/false card), with
its accepted answers, cloze hints, kinds and variants, explanation and source. Any other note
is read as Anki shows it: a cloze note a cloze card (hints kept), a note where the student
types the answer a typed card, and the others (Basic first) flip cards. HTML becomes plain
text whose breaks, blocks and list items are lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizdeck.decks.authoring import CardDraft, source_value
from quizdeck.interchange.anki_text import anki_clozes, html_lines, one_line, plain, quiz_cloze
from quizdeck.model import Kind, delimited, parse_blank


def note_draft(model: Mapping[str, Any], fields: list[str], tags: str) -> CardDraft | None:
    """One note as a card draft, or None when it has no question text."""
    names = [
        str(field.get("name", "")) for field in model.get("flds", []) if isinstance(field, dict)
    ]
    raw = dict(zip(names, fields, strict=False))
    texts = [plain(value, from_html=True) for value in fields]
    if not texts or not texts[0].strip():
        return None
    tag_list = [tag for tag in tags.split() if tag]
    ours = str(model.get("name", "")).startswith("quiz ")
    cloze = (quiz_cloze(fields[0], html_lines) or "").strip() if model.get("type") == 1 else ""
    if ours and "Answer" in raw:
        draft = _quiz_note(str(model.get("name")), cloze, raw)
        draft.tags = tag_list
        return draft
    if "{{" in cloze:
        extra = "\n".join(text for text in texts[1:] if text.strip())
        return CardDraft(kind=Kind.CLOZE, prompt=cloze, explanation=extra, tags=tag_list)
    back = texts[1] if len(texts) > 1 and texts[1].strip() else None
    if back is not None and types_answer(model):
        return typed_draft(texts[0], one_line(back), tag_list)
    return CardDraft(kind=Kind.FLIP, prompt=texts[0], answer=back, tags=tag_list)


def typed_draft(prompt: str, back: str, tags: list[str]) -> CardDraft:
    """A type-in note as a card: its answer read by :func:`typed_answer`."""
    kind, answer, extra = typed_answer(back)
    return CardDraft(kind=kind, prompt=prompt, answer=answer, explanation=extra, tags=tags)


def typed_answer(back: str) -> tuple[Kind, str, str]:
    """The kind, answer and explanation of an answer to type, written as people write it (an
    Anki type-in note's back, a spreadsheet's answer without a kind): text after the answer in
    brackets ("14 July 1789 (a Tuesday)") is no part of what the student must type, so it is
    the explanation; a date as a student writes it ("14 July 1789") makes a date card, which
    takes any way of writing it (its answer in ISO); anything else is a text card."""
    answer, extra = back, ""
    opening = back.rfind(" (")
    if back.endswith(")") and opening > 0:
        answer, extra = back[:opening].strip(), back[opening + 2 : -1].strip()
    date = _written_date(answer)
    return (Kind.TEXT, answer, extra) if date is None else (Kind.DATE, date, extra)


def _written_date(text: str) -> str | None:
    """``"14 July 1789"`` → ``"1789-07-14"`` (and "July 1789"), only when that is all the
    text says; else None."""
    from quizdeck.grading.dates import parse_date
    from quizdeck.kinds.date import human_date

    parsed = parse_date(text)
    if parsed is None or parsed[1] is None:
        return None
    year, month, day = parsed
    iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return iso if human_date(iso).casefold() == " ".join(text.split()).casefold() else None


def _quiz_note(model_name: str, cloze: str, raw: Mapping[str, str]) -> CardDraft:
    """A note quiz exported, as the card it was (see the module's docstring)."""
    values = {name: plain(value, from_html=True) for name, value in raw.items()}
    prompt = values.get("Prompt", "")
    common: dict[str, Any] = {
        "explanation": values.get("Explanation", ""),
        "source": source_value(values.get("Source", "")),
    }
    accepted = accepted_answers(raw.get("Accepted", ""))
    answer_html, options_html = raw.get("Answer", ""), raw.get("Choices", "")
    if "{{" in cloze:
        return _quiz_cloze(cloze, raw, values.get("Accepted", ""), common)
    if model_name == "quiz flip":
        return CardDraft(kind=Kind.FLIP, prompt=prompt, answer=values["Answer"] or None, **common)
    if answer_html.startswith("<ol>"):
        return CardDraft(kind=Kind.ORDER, prompt=prompt, answer=_items(answer_html), **common)
    pairs = _pairs(answer_html, options_html)
    if pairs:
        return CardDraft(kind=Kind.MATCH, prompt=prompt, answer=pairs, **common)
    truth, _, correction = values["Answer"].partition(": ")
    if values.get("Choices") == "True or false?" and truth in ("True", "False"):
        return CardDraft(
            kind=Kind.TRUEFALSE, prompt=prompt, answer=truth == "True", correction=correction,
            **common,
        )  # fmt: skip
    answer = one_line(values["Answer"]) or None
    if options_html.startswith("<ul>"):
        return CardDraft(kind=Kind.CHOICE, prompt=prompt, answer=answer, accept=accepted,
                         choices=_items(options_html), **common)  # fmt: skip
    from quizdeck.kinds.date import human_date

    dated = bool(accepted) and human_date(accepted[0]) == answer != accepted[0]
    if dated:  # a date card: "14 July 1789" for Anki's type-in box, then the deck's form
        answer, accepted = accepted[0], accepted[1:]
    kind = Kind.DATE if dated else Kind.TEXT
    return CardDraft(kind=kind, prompt=prompt, answer=answer, accept=accepted, **common)


def _quiz_cloze(
    cloze: str, raw: Mapping[str, str], variants: str, common: dict[str, Any]
) -> CardDraft:
    """A cloze note quiz exported: each blank's variants back from the Accepted field ("a / b"
    per blank with variants, "; " between blanks), and blanks that are a set (all ``c1``)."""
    groups = [group.split(" / ") for group in variants.split("; ") if " / " in group]

    def with_variants(_start: int, _end: int, body: str) -> str:
        first = parse_blank(body).answers[:1]
        if groups and first and groups[0][0] == first[0]:
            return "{{" + "|".join([body, *groups.pop(0)[1:]]) + "}}"
        return "{{" + body + "}}"

    pieces, last = [], 0
    for start, end, body in delimited(cloze, "{{", "}}"):
        pieces += [cloze[last:start], with_variants(start, end, body)]
        last = end
    prompt = "".join([*pieces, cloze[last:]])
    field = raw.get("Prompt", "")
    clozes = list(anki_clozes(field))
    together = len(clozes) > 1 and field.count("{{c1::") == len(clozes)
    return CardDraft(kind=Kind.CLOZE, prompt=prompt, any_order=together, **common)


def _items(field: str) -> list[str]:
    """The items of an HTML list field, as plain text."""
    items = [plain(item, from_html=True) for *_, item in delimited(field, "<li>", "</li>")]
    return [item for item in items if item]


def _pairs(answer: str, options: str) -> list[list[str]]:
    """A match card's pairs: the answer lists "item → partner" for each item the options list
    in order (so an arrow inside an item or a partner is read right); [] for any other card."""
    from quizdeck.kinds.match import ARROW

    if not answer.startswith("<ul>") or "<ol>" not in options:
        return []
    items = _items(options[options.index("<ol>") : options.find("</ol>") + len("</ol>")])
    lines = _items(answer)
    if len(items) != len(lines) or len(items) < 2:
        return []
    pairs = []
    for item, line in zip(items, lines, strict=True):
        if not line.startswith(item + ARROW):
            return []
        pairs.append([item, line[len(item + ARROW) :]])
    return pairs


def accepted_answers(field: str) -> list[str]:
    """The answers of a quiz note's Accepted field: the items of its list, or (exports before
    the list, which joined them with ", ") its text split on commas."""
    if field.startswith("<ul>"):
        return _items(field)
    items = [part.strip() for part in plain(field, from_html=True).split(",")]
    return [item for item in items if item]


def types_answer(model: Mapping[str, Any]) -> bool:
    """Whether a note type has the student type the answer (Anki's ``{{type:Back}}``): its notes
    become typed cards. Others, Anki's Basic first, let the student judge: flip cards."""
    templates = model.get("tmpls", [])
    return isinstance(templates, list) and any(
        "{{type:" in str(template.get("qfmt", ""))
        for template in templates
        if isinstance(template, dict)
    )
