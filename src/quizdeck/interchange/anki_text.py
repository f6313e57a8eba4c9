"""Anki's "Notes in Plain Text" export: its ``#key:value`` header lines, HTML fields and
cloze syntax, read into what ``csv_cards`` imports."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from quizdeck.interchange.anki_html import HINT_CLOSE, HINT_OPEN

#: Anki's names for separators in ``#separator:``.
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
#: The header's columns quiz reads (the others, deck and guid, are left out).
_SPECIAL = {"tags column": "tags", "notetype column": "notetype"}
_DIRECTIVE = re.compile(r"^#([a-z ]+):(.*)$")
_TAG = re.compile(r"<[^>]{0,200}>")
#: Tags that end a line where they stand (opening or closing): a break, a block, a list.
_LINE_TAGS = frozenset({"br", "div", "p", "ul", "ol", "li", "tr", "blockquote", "hr"})
_LINE_TAGS |= {f"h{level}" for level in range(1, 7)}
_CLOZE_START = "{{c"


@dataclass
class AnkiHeader:
    """What an Anki plain-text export says about itself in its first lines."""

    separator: str | None = None
    html: bool = False
    #: Column (0-based) -> what it holds: "tags", "notetype", or "" for columns quiz ignores.
    special: dict[int, str] = field(default_factory=dict)
    lines: int = 0  # how many header lines there were

    def columns(self, width: int) -> list[str]:
        """Names for ``width`` columns: the first two plain ones are prompt and answer."""
        names = []
        plain = iter(("prompt", "answer"))
        for index in range(width):
            names.append(self.special[index] if index in self.special else next(plain, ""))
        return names


def read_header(text: str) -> AnkiHeader | None:
    """The header of an Anki plain-text export, or None when ``text`` does not start with one."""
    header = AnkiHeader()
    for line in text.splitlines():
        match = _DIRECTIVE.match(line.strip())
        if not match:
            break
        header.lines += 1
        key, value = match.group(1).strip(), match.group(2).strip()
        if key == "separator":
            header.separator = _SEPARATORS.get(value.lower(), value[:1] or None)
        elif key == "html":
            header.html = value.lower() == "true"
        elif key.endswith(" column") and value.isdigit() and 0 < int(value) <= 64:
            header.special[int(value) - 1] = _SPECIAL.get(key, "")
    return header if header.lines else None


def plain(text: str, *, from_html: bool) -> str:
    """A field as plain text: when the export has HTML, its tags dropped, entities decoded,
    each break, block and list item a line of its own (items as "• item" or "1. item")."""
    return html_lines(text).strip() if from_html else text


def one_line(text: str) -> str:
    """Lines of a field on one line, for a typed answer: joined with "; "."""
    return "; ".join(line for line in text.splitlines() if line.strip())


def html_lines(value: str) -> str:
    """HTML as lines of plain text (see :func:`plain`), in one pass over its tags. Whitespace
    runs are one space, as a browser shows them; a line is never empty, nor starts or ends with
    a space, but the text's own edges are kept (" and " stays " and ")."""
    pieces: list[str] = []
    lists: list[int] = []  # each open list: the next number (ol), or 0 (ul)
    position = 0
    for match in _TAG.finditer(value):
        pieces.append(html.unescape(value[position : match.start()]).replace("\n", " "))
        position = match.end()
        inside = match.group(0)[1:-1].strip()
        words = inside.lstrip("/").split(maxsplit=1)
        name = words[0].rstrip("/").lower() if words else ""
        if name not in _LINE_TAGS:
            continue
        pieces.append("\n")
        closing = inside.startswith("/")
        if name in ("ul", "ol"):
            if closing and lists:
                lists.pop()
            elif not closing:
                lists.append(1 if name == "ol" else 0)
        elif name == "li" and not closing:
            number = lists[-1] if lists else 0
            pieces.append(f"{number}. " if number else "• ")
            if number:
                lists[-1] += 1
    pieces.append(html.unescape(value[position:]).replace("\n", " "))
    return _tidy("".join(pieces))


def _tidy(text: str) -> str:
    """Whitespace runs as one space, no empty line, no space at a line's edge (but the first's
    start and the last's end, where the text goes on beside other text)."""
    lines = [" ".join(line.split()) for line in text.replace("\r", " ").split("\n")]
    kept = [line for line in lines if line]
    if not kept:
        return " " if text.strip(" \t") != text and text else ""
    head = " " if text[:1].isspace() and lines[0] else ""
    tail = " " if text[-1:].isspace() and lines[-1] else ""
    return head + "\n".join(kept) + tail


def quiz_cloze(text: str, piece: Callable[[str], str] = str) -> str | None:
    """An Anki cloze field in quiz's syntax, or None when it has no cloze deletion: each
    ``{{cN::answer}}`` a blank ``{{answer}}``, a hint that names a blank kind the answer is
    (``{{c1::1804::year}}``) that kind (``{{year:1804}}``), any other hint kept after the blank
    (``{{Paris}} (hint: city)``). ``piece`` makes each stretch of the field (text, answer, hint)
    plain text: the clozes are found first, so an escaped ``&#58;&#58;`` is never a hint."""
    pieces: list[str] = []
    last = 0
    for start, end, answer, hint in anki_clozes(text):
        pieces += [piece(text[last:start]), quiz_blank(piece(answer), piece(hint))]
        last = end
    return "".join([*pieces, piece(text[last:])]) if pieces else None


def quiz_blank(answer: str, hint: str = "") -> str:
    """One Anki cloze answer and hint as a quiz blank (see :func:`quiz_cloze`)."""
    from quizdeck.kinds.typed_kinds import TYPED
    from quizdeck.model import BLANK_KINDS

    answer, hint = " ".join(answer.split()), " ".join(hint.split())
    kind = next((k for k in BLANK_KINDS if k.value == hint.casefold()), None)
    if kind is not None and TYPED[kind].parse(answer) is not None:
        return f"{{{{{kind.value}:{answer}}}}}"
    body = f"text:{answer}" if ":" in answer else answer  # never read as a kind
    return f"{{{{{body}}}}}" + (f"{HINT_OPEN}{hint}{HINT_CLOSE}" if hint else "")


def anki_clozes(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Each ``{{cN::answer::hint}}`` of ``text``: (start, end, answer, hint), in one pass with
    ``str.find`` (the regex it replaces, ``{{c\\d+::(.*?)(?:::[^}]*)?}}``, was cubic)."""
    position = 0
    while (start := text.find(_CLOZE_START, position)) >= 0:
        digits = start + len(_CLOZE_START)
        after = digits
        while after < len(text) and text[after].isdecimal():
            after += 1
        if after == digits or not text.startswith("::", after):
            position = start + 1
            continue
        answer_start = after + 2
        end = text.find("}}", answer_start)
        if end < 0:
            return  # no closing braces anywhere after: no more clozes
        # The answer ends at the first "::" after which no "}" comes before the closing braces.
        hint = text.find("::", max(answer_start, text.rfind("}", answer_start, end) - 1), end)
        if hint < 0:
            yield start, end + 2, text[answer_start:end], ""
        else:
            yield start, end + 2, text[answer_start:hint], text[hint + 2 : end]
        position = end + 2
