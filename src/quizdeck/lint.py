"""Quality checks on valid decks, and grounding of cards in their source text.

``lint_decks`` looks for weak cards (no explanation, duplicated prompts, prompts
that give their answer away, choices that grade as the answer ...);
``ground_decks`` checks that each card's answer is in the source paragraphs the
card cites. Both return ``Finding``s; the command prints them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from quizdeck.cards import TYPED_KINDS, Card, Kind
from quizdeck.deck import Deck, Problem, display_path
from quizdeck.grading import grade_answer, normalize, parse_date, parse_number

#: rapidfuzz ratio of two normalized prompts (same kind) from which they are near-duplicates.
NEAR_DUPLICATE = 90
#: token-set ratio of two true/false statements from which one is a rewording of the other.
REWORDED = 90
#: Share of a statement's content words that must be in the cited paragraphs.
CONTENT_SHARE = 0.6
#: Shortest word counted as a content word.
CONTENT_LENGTH = 4
#: Longest run of words read as one number or date ("the 7th of November 2021").
WINDOW = 5

_STOPWORD_TEXT = """
    about above after again against also among because been before being below between
    both could does doing down during each either even from further have having here into
    itself just like made make many more most much must only other over same should since
    some such than that their theirs them then there these they this those though through
    under until upon very were what when where which while whom whose will with within
    would your true false following every
    article author writer argues says writes states notes reports
"""
#: Words left out of the content-word test: common ones, and words about the
#: statement or the article rather than the facts.
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

TRUE_OR_FALSE = re.compile(r"^\s*true\s+or\s+false\s*[:?,.-]?\s*", re.IGNORECASE)
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "and"})
YEAR_TOKEN = re.compile(r"(?<!\d)\d{4}(?!\d)")
CLAUSE_END = re.compile(r"[;:!?]\W*$|\d\.\W*$")
DATE_NUMBER = re.compile(r"^\d{1,4}(st|nd|rd|th)?$|^\d{1,4}([-/.]\d{1,4}){1,2}$", re.IGNORECASE)
EDGE_PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?%$€£*"

Date = tuple[int, int | None, int | None]


class Level(str, Enum):
    """How serious a finding is: errors make ``quiz lint`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Finding:
    """One thing to fix (or know) about a card, a deck or the source, at a line."""

    path: str
    line: int
    level: Level
    message: str
    col: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        return f"{where}: {self.level}: {self.message}"

    @classmethod
    def of_problem(cls, problem: Problem) -> Finding:
        """A validation problem as an error finding."""
        return cls(problem.path, problem.line, Level.ERROR, problem.message, problem.col)


def _at(card: Card, level: Level, message: str) -> Finding:
    path = display_path(card.path) if card.path else card.deck_id
    return Finding(path, card.line, level, message)


def _ref(card: Card, other: Card) -> str:
    """How ``card``'s finding names ``other``: by line in the same file, else by file:line."""
    if other.path == card.path:
        return f"card '{other.id}' (line {other.line})"
    where = display_path(other.path) if other.path else other.deck_id
    return f"card '{other.deck_id}/{other.id}' ({where}:{other.line})"


# --- words, numbers and dates in text -------------------------------------------------


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` after grading's normalization."""
    return tuple(re.findall(r"[^\W_]+", normalize(text)))


def has_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as a whole-word sequence, both normalized.

    A possessive in ``text`` may be read either way: "Kadhimi's" holds "Kadhimi".
    """
    needle = f" {' '.join(words(phrase))} "
    if not needle.strip():
        return False
    plain = POSSESSIVE.sub("", text)
    return any(needle in f" {' '.join(words(form))} " for form in (text, plain))


def _raw_tokens(text: str) -> list[str]:
    """Tokens for reading numbers and dates: split at spaces, dashes and word hyphens."""
    text = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])|[–—]", " ", text)
    tokens = (token.strip(EDGE_PUNCTUATION) for token in text.split())
    return [token for token in tokens if token]


def _windows(tokens: Sequence[str], size: int = WINDOW) -> Iterable[tuple[int, int]]:
    """(start, end) of every run of up to ``size`` tokens."""
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + size, len(tokens)) + 1):
            yield start, end


def _is_number_word(token: str) -> bool:
    return parse_number(token) is not None or token.casefold() in SCALE_WORDS


@lru_cache(maxsize=1024)
def numbers_in(text: str) -> frozenset[float]:
    """Every number ``text`` names, in digits or words (each run of words that reads as one)."""
    tokens = _raw_tokens(text)
    found = set()
    for start, end in _windows(tokens, 4):
        value = parse_number(" ".join(tokens[start:end]))
        if value is not None:
            found.add(float(value))
    return frozenset(found)


def stated_numbers(text: str) -> list[tuple[str, float]]:
    """The numbers a statement states, longest reading first ("twenty two" is 22, not 20 and 2).

    A lone "one" is left out: it is more often a pronoun than a number.
    """
    tokens = _raw_tokens(text)
    found: list[tuple[str, float]] = []
    start = 0
    while start < len(tokens):
        end = start
        if tokens[start].casefold() == "and":
            start += 1
            continue
        while end < len(tokens) and _is_number_word(tokens[end]):
            end += 1
        while end > start and (
            tokens[end - 1].casefold() == "and" or parse_number(" ".join(tokens[start:end])) is None
        ):
            end -= 1
        phrase = " ".join(tokens[start:end])
        if end > start and phrase.casefold() != "one":
            found.append((phrase, float(parse_number(phrase) or 0)))
        start = max(end, start + 1)
    return found


def _has_number(text: str, value: float) -> bool:
    return any(math.isclose(value, number) for number in numbers_in(text))


@lru_cache(maxsize=4096)
def _is_date_word(token: str) -> bool:
    """Whether ``token`` can be part of a written date: a day, year, month name, "of", "the"."""
    if DATE_NUMBER.match(token) or token.casefold() in ("of", "the"):
        return True
    if not token.isalpha():
        return False
    month = parse_date(f"{token} 2000")
    return month is not None and month[1] is not None


def _date_runs(text: str) -> list[list[str]]:
    """The runs of consecutive date words in ``text``: each may hold a date.

    A run also ends at the end of a clause: ";", ":", "!", "?", or "." after a number.
    """
    runs: list[list[str]] = [[]]
    for raw in text.split():
        token = raw.strip(EDGE_PUNCTUATION)
        if token and _is_date_word(token):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
        if runs[-1] and CLAUSE_END.search(raw):
            runs.append([])
    return [run for run in runs if run]


@lru_cache(maxsize=1024)
def dates_in(text: str) -> tuple[frozenset[Date], frozenset[tuple[int, int]]]:
    """The dates ``text`` names, and the (month, day) pairs it names without any year."""
    full: set[Date] = set()
    yearless: set[tuple[int, int]] = set()
    for run in _date_runs(text):
        has_year = any(YEAR_TOKEN.search(token) for token in run)
        for start, end in _windows(run):
            phrase = " ".join(run[start:end])
            parsed = parse_date(phrase if has_year else f"{phrase} 2000")
            if parsed is not None and has_year:
                full.add(parsed)
            elif parsed is not None and parsed[1] is not None and parsed[2] is not None:
                yearless.add((parsed[1], parsed[2]))
    return frozenset(full), frozenset(yearless)


def names_date(text: str, target: Date) -> bool:
    """Whether ``text`` names ``target`` at its precision; "November 7" counts for a full date."""
    year, month, day = target
    full, yearless = dates_in(text)
    if month is None:
        return str(year) in words(text)
    if day is None:
        return any(found[:2] == (year, month) for found in full)
    return target in full or (month, day) in yearless


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= CONTENT_LENGTH:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry its meaning: not stopwords, not numbers, 4+ letters."""
    return [
        word
        for word in dict.fromkeys(words(POSSESSIVE.sub("", text)))
        if len(word) >= CONTENT_LENGTH and word not in STOPWORDS and parse_number(word) is None
    ]


# --- what a card's answer is, and finding it in a text ---------------------------------


def answer_kind(card: Card) -> Kind:
    """The kind a card's answer is graded as (a choice card's answer by its sort)."""
    if card.kind is not Kind.CHOICE:
        return card.kind
    from quizdeck.distractors import answer_sort

    return answer_sort(card)


def variants(kind: Kind, answers: Sequence[str]) -> list[str]:
    """The answers to look for: each accepted one, and for a person the family name alone."""
    found = list(answers)
    if kind is Kind.PERSON:
        for answer in answers:
            names = words(answer)
            for size in (1, 2):
                family = " ".join(names[-size:])
                if len(names) > size and grade_answer(kind, list(answers), family).correct:
                    found.append(family)
    return list(dict.fromkeys(found))


def answer_in(kind: Kind, answers: Sequence[str], text: str) -> bool:
    """Whether ``text`` contains one of ``answers`` (or a form grading treats the same)."""
    if kind is Kind.NUMBER:
        values = (parse_number(answer) for answer in answers)
        return any(value is not None and _has_number(text, value) for value in values)
    if kind is Kind.YEAR:
        years = (parse_number(answer) for answer in answers)
        return any(year is not None and str(int(year)) in words(text) for year in years)
    if kind is Kind.DATE:
        dates = (parse_date(answer) for answer in answers)
        return any(date is not None and names_date(text, date) for date in dates)
    return any(has_phrase(text, variant) for variant in variants(kind, answers))


@dataclass(frozen=True)
class Support:
    """How well a statement's key content is backed by a text."""

    missing_numbers: tuple[str, ...]
    missing_words: tuple[str, ...]
    share: float

    @property
    def ok(self) -> bool:
        return not self.missing_numbers and self.share >= CONTENT_SHARE

    def describe(self) -> str:
        missing = [*self.missing_numbers, *self.missing_words]
        return f"missing: {', '.join(missing)}" if missing else "too little of it found"


def _spelled_alike(word: str, candidates: Iterable[str]) -> bool:
    """Whether grading would take one of ``candidates`` for ``word`` (a variant or a typo)."""
    return any(
        candidate[:1] == word[:1]
        and abs(len(candidate) - len(word)) <= 2
        and grade_answer(Kind.TEXT, [word], candidate).correct
        for candidate in candidates
    )


def support(statement: str, text: str) -> Support:
    """Every number of ``statement`` must be in ``text``, and most of its content words.

    Words match on a rough stem ("attacked" for "attack"), or when grading would
    accept the text's spelling ("Malki" for "Maliki").
    """
    missing_numbers = tuple(
        phrase for phrase, value in stated_numbers(statement) if not _has_number(text, value)
    )
    present = set(words(text)) | set(words(POSSESSIVE.sub("", text)))
    stems = {_stem(word) for word in present}
    wanted = content_words(statement)
    missing_words = tuple(
        word for word in wanted if _stem(word) not in stems and not _spelled_alike(word, present)
    )
    if not wanted:
        share = 1.0 if stated_numbers(statement) or has_phrase(text, statement) else 0.0
    else:
        share = 1 - len(missing_words) / len(wanted)
    return Support(missing_numbers, missing_words, share)


def statement_of(card: Card) -> str:
    """What a true/false card tests: the prompt if true, its correction if false."""
    if card.answers[:1] == ("true",):
        return TRUE_OR_FALSE.sub("", card.prompt)
    return card.correction


# --- lint: quality checks --------------------------------------------------------------


def _card_basics(card: Card, grounding: bool) -> list[Finding]:
    found = []
    if not card.explanation.strip():
        found.append(_at(card, Level.WARNING, "card has no explanation"))
    if not card.source.strip() and not grounding:
        found.append(_at(card, Level.WARNING, "card has no source"))
    return found


def _gives_answer_away(card: Card) -> list[Finding]:
    if card.kind in TYPED_KINDS or card.kind is Kind.CHOICE:
        if card.answers and answer_in(answer_kind(card), card.answers, card.prompt):
            return [_at(card, Level.ERROR, f"prompt contains its answer '{card.expected}'")]
        return []
    if card.kind is Kind.CLOZE:
        shown = card.question
        return [
            _at(
                card,
                Level.ERROR,
                f"cloze text still shows blank {number}'s answer '{blank.answers[0]}'",
            )
            for number, blank in enumerate(card.blanks, start=1)
            if blank.answers and answer_in(blank.kind, blank.answers, shown)
        ]
    return []


def _choices_equal_to_answer(card: Card) -> list[Finding]:
    if card.kind is not Kind.CHOICE or not card.answers:
        return []
    kind = answer_kind(card)
    return [
        _at(
            card,
            Level.ERROR,
            f"choice '{option}' grades as right (the answer is '{card.answers[0]}')",
        )
        for option in card.choices
        if option not in card.answers and grade_answer(kind, list(card.answers), option).correct
    ]


def _deck_line(path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if re.match(r"^\s*\[\s*deck\s*\]", line)), 1)


def _single_kind(deck: Deck) -> list[Finding]:
    kinds = {card.kind for card in deck.cards}
    if len(deck.cards) < 2 or len(kinds) != 1:
        return []
    (kind,) = kinds
    message = f"every card of deck '{deck.id}' is a {kind} card: mix in other kinds"
    return [Finding(display_path(deck.path), _deck_line(deck.path), Level.WARNING, message)]


def _prompt_pair(card: Card, other: Card, text: str, other_text: str) -> Finding | None:
    """A finding about ``card``'s prompt compared with an earlier card's, if they are too alike."""
    same_kind = card.kind is other.kind
    if text == other_text:
        if same_kind:
            return _at(card, Level.ERROR, f"same prompt as {_ref(card, other)}")
        return _at(card, Level.WARNING, f"same prompt as {_ref(card, other)}, a {other.kind} card")
    if same_kind and (score := fuzz.ratio(text, other_text)) >= NEAR_DUPLICATE:
        return _at(
            card,
            Level.WARNING,
            f"prompt nearly duplicates {_ref(card, other)} ({score:.0f}% alike)",
        )
    if card.kind is Kind.TRUEFALSE and same_kind:
        score = fuzz.token_set_ratio(text, other_text)
        if score >= REWORDED:
            return _at(
                card,
                Level.WARNING,
                f"statement is a trivial rewording of "
                f"{_ref(card, other)} ({score:.0f}% of words shared)",
            )
    return None


def _similar_prompts(cards: Sequence[Card]) -> list[Finding]:
    """Duplicate, near-duplicate and reworded prompts, each reported once at the later card."""
    texts = [" ".join(words(TRUE_OR_FALSE.sub("", card.question))) for card in cards]
    found = []
    for index, card in enumerate(cards):
        if not texts[index]:
            continue
        for other_index in range(index):
            if not texts[other_index]:
                continue
            finding = _prompt_pair(card, cards[other_index], texts[index], texts[other_index])
            if finding is not None:
                found.append(finding)
                break
    return found


def lint_decks(decks: Sequence[Deck], *, grounding: bool = False) -> list[Finding]:
    """Quality findings on valid decks; prompts are compared across all of them."""
    found: list[Finding] = []
    for deck in decks:
        found += _single_kind(deck)
        for card in deck.cards:
            found += _card_basics(card, grounding)
            found += _gives_answer_away(card)
            found += _choices_equal_to_answer(card)
    found += _similar_prompts([card for deck in decks for card in deck.cards])
    return found


# --- grounding: answers in the cited paragraphs ----------------------------------------


class SourceError(Exception):
    """The source text could not be read."""


@dataclass(frozen=True)
class Source:
    """A source text: its non-empty lines are its paragraphs, counted from 1."""

    path: Path
    paragraphs: tuple[str, ...]
    lines: tuple[int, ...]  # the file line of each paragraph

    @classmethod
    def read(cls, path: Path) -> Source:
        """Read ``path``; ``SourceError`` if it cannot be read as UTF-8 text."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(f"cannot read source {path}: {error}") from None
        numbered = [
            (n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
        return cls(path, tuple(line for _, line in numbered), tuple(n for n, _ in numbered))

    @property
    def name(self) -> str:
        return display_path(self.path)

    def paragraph(self, number: int) -> str:
        return self.paragraphs[number - 1]


def _numbers(paragraphs: Sequence[int]) -> str:
    return ", ".join(str(number) for number in paragraphs)


def _where(source: Source, paragraphs: Sequence[int]) -> str:
    return f"paragraph(s) {_numbers(paragraphs)} of {source.name}"


def _answer_found(kind: Kind, answers: Sequence[str], texts: Sequence[str]) -> bool:
    return any(answer_in(kind, answers, text) for text in texts)


def _ground_statement(
    card: Card, what: str, text: str, source: Source, cited: Sequence[int]
) -> list[Finding]:
    backing = support(text, " ".join(source.paragraph(n) for n in cited))
    if backing.ok:
        return []
    message = f"{what} '{text}' not found in {_where(source, cited)} ({backing.describe()})"
    return [_at(card, Level.ERROR, message)]


def _ground_answers(card: Card, source: Source, cited: Sequence[int]) -> list[Finding]:
    texts = [source.paragraph(n) for n in cited]
    if card.kind is Kind.TRUEFALSE:
        statement = statement_of(card)
        if not statement.strip():
            return [
                _at(
                    card,
                    Level.WARNING,
                    "false statement has no correction, so it cannot be checked",
                )
            ]
        what = "statement" if card.answers[:1] == ("true",) else "correction"
        return _ground_statement(card, what, statement, source, cited)
    if card.kind is Kind.ORDER:
        found = []
        for item in card.answers:
            found += _ground_statement(card, "item", item, source, cited)
        return found
    if card.kind is Kind.CLOZE:
        return [
            _at(
                card,
                Level.ERROR,
                f"blank '{blank.answers[0]}' not found in {_where(source, cited)}",
            )
            for blank in card.blanks
            if blank.answers and not _answer_found(blank.kind, blank.answers, texts)
        ]
    if card.answers and not _answer_found(answer_kind(card), card.answers, texts):
        return [
            _at(card, Level.ERROR, f"answer '{card.expected}' not found in {_where(source, cited)}")
        ]
    return []


def ground_card(card: Card, source: Source) -> list[Finding]:
    """Findings on whether ``card``'s answer is in the paragraphs of ``source`` it cites."""
    if not card.paragraphs:
        return [_at(card, Level.ERROR, f"card cites no paragraph of {source.name}")]
    count = len(source.paragraphs)
    beyond = [n for n in card.paragraphs if not 1 <= n <= count]
    found = [
        _at(card, Level.ERROR, f"cites paragraph {n}, but {source.name} has {count} paragraph(s)")
        for n in beyond
    ]
    cited = list(dict.fromkeys(n for n in card.paragraphs if 1 <= n <= count))
    if cited:
        found += _ground_answers(card, source, cited)
    return found


def uses_source(deck: Deck, source: Source) -> bool:
    """Whether ``deck`` was written from ``source``: it names that file, or names none."""
    return not deck.source.strip() or Path(deck.source).name == source.path.name


@dataclass(frozen=True)
class Coverage:
    """Which paragraphs of the source the grounded cards cite."""

    source: Source
    cited: frozenset[int]

    @property
    def uncited(self) -> list[int]:
        return [n for n in range(1, len(self.source.paragraphs) + 1) if n not in self.cited]

    def summary(self) -> str:
        total = len(self.source.paragraphs)
        return f"{len(self.cited)} of {total} paragraph(s) of {self.source.name} cited by a card"

    def findings(self) -> list[Finding]:
        """An information line for each paragraph no card cites, at its line in the source."""
        found = []
        for number in self.uncited:
            text = self.source.paragraph(number)
            snippet = text if len(text) <= 70 else text[:69] + "…"
            message = f"paragraph {number} is cited by no card: {snippet}"
            found.append(
                Finding(self.source.name, self.source.lines[number - 1], Level.INFO, message)
            )
        return found


def ground_decks(decks: Sequence[Deck], source: Source) -> tuple[list[Finding], Coverage]:
    """Grounding findings for the decks written from ``source``, and the paragraphs they cite."""
    found: list[Finding] = []
    cited: set[int] = set()
    for deck in decks:
        if not uses_source(deck, source):
            message = f"deck '{deck.id}' is written from {deck.source}, not checked against it"
            found.append(
                Finding(display_path(deck.path), _deck_line(deck.path), Level.INFO, message)
            )
            continue
        for card in deck.cards:
            found += ground_card(card, source)
            cited.update(n for n in card.paragraphs if 1 <= n <= len(source.paragraphs))
    return found, Coverage(source, frozenset(cited))


# --- the whole run ---------------------------------------------------------------------


@dataclass
class Report:
    """Everything ``quiz lint`` found, in the order to print it."""

    findings: list[Finding] = field(default_factory=list)
    decks: int = 0
    cards: int = 0
    coverage: Coverage | None = None

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    @property
    def failed(self) -> bool:
        return self.count(Level.ERROR) > 0


def lint(
    decks: Sequence[Deck], problems: Sequence[Problem] = (), source: Source | None = None
) -> Report:
    """Lint ``decks`` (the valid ones) after reporting ``problems`` (of the invalid ones)."""
    findings = [Finding.of_problem(problem) for problem in problems]
    checks = lint_decks(decks, grounding=source is not None)
    coverage = None
    if source is not None:
        grounded, coverage = ground_decks(decks, source)
        checks += grounded
    findings += sorted(checks, key=lambda f: (f.path, f.line, f.level != Level.ERROR))
    return Report(findings, len(decks), sum(len(deck.cards) for deck in decks), coverage)
