"""How the review log is stored (migration 11): compact rows, and a view with the old columns.

A review is most of a profile's file, so its row holds numbers where it can:

- ``review_log.time`` and ``amended_at``: microseconds since 1970 UTC (8 bytes, not 32 of
  ISO text), exact to what quiz records; a time a hand edit made unreadable stays as text;
- ``subject``: the row of ``review_cards`` naming the deck, the card and the fact it tests
  (each name is stored once, not in every review and in two indexes);
- ``mode``: 0 start, 1 practice, 2 exam (SQLite stores 0 and 1 in no bytes at all);
- ``before``: the card's state before a start review, for undo (see :mod:`.before`).

The view ``reviews`` shows the log with its old columns (ISO times, deck, card, mode names,
fact); writing to it (a hand edit, an older tool) writes the log through ``INSTEAD OF``
triggers. The store reads and writes ``review_log`` itself, whose indexes the view hides.
"""

from __future__ import annotations

from quizdeck.model import Mode
from quizdeck.store.rows import MODE_CODES

START = MODE_CODES[Mode.START]
#: Microseconds in an hour: ``review_hours.hour`` is ``time / HOUR`` (hours since 1970 UTC).
HOUR = 3_600_000_000

#: The review log joined to the names of its cards: columns as :data:`LOG_COLUMNS`.
LOG_TABLES = "review_log r JOIN review_cards k ON k.id = r.subject"
#: The same for today's reviews: the log's time index first, then each review's card.
TODAY_TABLES = "review_log r CROSS JOIN review_cards k ON k.id = r.subject"
LOG_COLUMNS = (
    "r.id, r.time, k.deck, k.card, r.mode, r.given, r.correct, r.score, r.rating, "
    "r.duration_ms, r.state_before, r.amended_at"
)


def _text(value: str) -> str:
    """SQL: a stored time ``value`` as ISO text, as quiz wrote times before migration 11."""
    return (
        f"iif(typeof({value}) = 'integer' AND {value} >= 0, "
        f"strftime('%Y-%m-%dT%H:%M:%S', {value} / 1000000, 'unixepoch') "
        f"|| printf('.%06d+00:00', {value} % 1000000), {value})"
    )


_WHOLE = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"


def _micro(value: str) -> str:
    """SQL: ISO text ``value`` as microseconds since 1970 (6 or no fraction digits, any UTC
    offset SQLite reads); any other value is kept as it is (the store reports it on reading)."""
    fraction = f"{value} GLOB '{_WHOLE}.[0-9][0-9][0-9][0-9][0-9][0-9]*'"
    # The fraction left out: SQLite would round it to milliseconds, and .9996 up a second.
    whole = f"substr({value}, 1, 19) || substr({value}, iif({fraction}, 27, 20))"
    seconds = f"CAST(strftime('%s', {whole}) AS INTEGER)"
    return (
        f"iif(typeof({value}) = 'text' AND {value} GLOB '{_WHOLE}*' "
        f"AND ({fraction} OR substr({value}, 20, 1) != '.') AND {seconds} >= 0, "
        f"{seconds} * 1000000 + iif({fraction}, CAST(substr({value}, 21, 6) AS INTEGER), 0), "
        f"{value})"
    )


def _mode_code(value: str) -> str:
    cases = " ".join(f"WHEN '{mode.value}' THEN {code}" for mode, code in MODE_CODES.items())
    return f"CASE {value} {cases} ELSE {value} END"


def _mode_name(value: str) -> str:
    cases = " ".join(f"WHEN {code} THEN '{mode.value}'" for mode, code in MODE_CODES.items())
    return f"CASE {value} {cases} ELSE {value} END"


#: The columns of the log the view's triggers write, and the values from the view's row.
_WRITTEN = (
    "time, subject, mode, given, correct, score, rating, duration_ms, state_before, before, "
    "amended_at"
)
_SUBJECT = (
    "(SELECT id FROM review_cards WHERE deck = new.deck AND card = new.card "
    "AND fact = coalesce(new.fact, ''))"
)
_VALUES = (
    f"{_micro('new.time')}, {_SUBJECT}, {_mode_code('new.mode')}, new.given, new.correct, "
    "new.score, new.rating, new.duration_ms, new.state_before, new.before, "
    f"{_micro('new.amended_at')}"
)
_NAMED = (
    "INSERT INTO review_cards (deck, card, fact) "
    "VALUES (new.deck, new.card, coalesce(new.fact, '')) ON CONFLICT DO NOTHING;"
)

#: The tables and indexes of the log (the view and the triggers are :data:`LOG_VIEW` and
#: :data:`LOG_TRIGGERS`).
LOG_TABLES_SCHEMA = (
    """CREATE TABLE review_cards (
        id INTEGER PRIMARY KEY,
        deck TEXT NOT NULL,
        card TEXT NOT NULL,
        fact TEXT NOT NULL,          -- '': the card names no fact
        UNIQUE (deck, card, fact)
    )""",
    """CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,       -- microseconds since 1970 UTC
        subject INTEGER NOT NULL,    -- review_cards.id
        mode INTEGER NOT NULL,       -- 0 start, 1 practice, 2 exam
        given TEXT NOT NULL,
        correct INTEGER NOT NULL,
        score REAL NOT NULL,
        rating INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        state_before INTEGER,        -- the card's state before a start review; NULL if new
        before BLOB,                 -- start: the card's state before (see store.before)
        amended_at INTEGER           -- when the verdict or rating was changed afterwards
    )""",
)
#: Today's start reviews (the day's allowances, the facts answered) from this index and the
#: small ``review_cards``; a card's reviews (undo, reset) from the second.
LOG_INDEXES = (
    "CREATE INDEX review_log_time ON review_log (time, mode, state_before, subject)",
    "CREATE INDEX review_log_subject ON review_log (subject)",
)

#: The log with the columns ``reviews`` had before migration 11, in their order.
LOG_VIEW = (
    f"CREATE VIEW reviews AS SELECT r.id AS id, {_text('r.time')} AS time, k.deck AS deck, "
    f"k.card AS card, {_mode_name('r.mode')} AS mode, r.given AS given, r.correct AS correct, "
    "r.score AS score, r.rating AS rating, r.duration_ms AS duration_ms, "
    "r.state_before AS state_before, r.before AS before, "
    f"{_text('r.amended_at')} AS amended_at, nullif(k.fact, '') AS fact FROM {LOG_TABLES}"
)

_CARD_OF = "FROM review_cards WHERE id = {row}subject"
_DECK_OF = "(SELECT deck FROM review_cards WHERE id = {row}subject)"
_CARD_NAME_OF = "(SELECT card FROM review_cards WHERE id = {row}subject)"
_LEARNED = f"({{row}}mode = {START} AND {{row}}state_before IS 2)"
_KEPT = f"({{row}}mode = {START} AND {{row}}state_before IS 2 AND {{row}}rating > 1)"
_HOUR_OF = f"{{row}}time / {HOUR}"


def _tally_sql() -> tuple[str, str]:
    add = (
        f"INSERT INTO review_tallies SELECT deck, card, 1, new.correct != 0 "
        f"{_CARD_OF.format(row='new.')} ON CONFLICT (deck, card) DO UPDATE SET "
        "reviews = reviews + 1, correct = correct + excluded.correct;"
    )
    remove = (
        "UPDATE review_tallies SET reviews = reviews - 1, correct = correct - (old.correct != 0) "
        f"WHERE deck = {_DECK_OF.format(row='old.')} "
        f"AND card = {_CARD_NAME_OF.format(row='old.')};"
    )
    return add, remove


def _hours_sql() -> tuple[str, str]:
    new, old = {"row": "new."}, {"row": "old."}
    add = (
        f"INSERT INTO review_hours SELECT {_HOUR_OF.format(**new)}, deck, 1, new.correct != 0, "
        f"{_LEARNED.format(**new)}, {_KEPT.format(**new)} {_CARD_OF.format(**new)} "
        "ON CONFLICT (hour, deck) DO UPDATE SET reviews = reviews + 1, "
        "correct = correct + excluded.correct, learned = learned + excluded.learned, "
        "kept = kept + excluded.kept;"
    )
    remove = (
        "UPDATE review_hours SET reviews = reviews - 1, correct = correct - (old.correct != 0), "
        f"learned = learned - {_LEARNED.format(**old)}, kept = kept - {_KEPT.format(**old)} "
        f"WHERE hour = {_HOUR_OF.format(**old)} AND deck = {_DECK_OF.format(**old)};"
    )
    return add, remove


def _triggers() -> tuple[str, ...]:
    tally_add, tally_remove = _tally_sql()
    hour_add, hour_remove = _hours_sql()
    return (
        "CREATE TRIGGER review_log_added AFTER INSERT ON review_log "
        f"BEGIN {tally_add} {hour_add} END",
        "CREATE TRIGGER review_log_removed AFTER DELETE ON review_log "
        f"BEGIN {tally_remove} {hour_remove} END",
        "CREATE TRIGGER review_log_tallies_changed AFTER UPDATE OF subject, correct "
        f"ON review_log BEGIN {tally_remove} {tally_add} END",
        "CREATE TRIGGER review_log_hours_changed AFTER UPDATE OF time, subject, correct, mode, "
        f"state_before, rating ON review_log BEGIN {hour_remove} {hour_add} END",
        f"CREATE TRIGGER reviews_insert INSTEAD OF INSERT ON reviews BEGIN {_NAMED} "
        f"INSERT INTO review_log (id, {_WRITTEN}) VALUES (new.id, {_VALUES}); END",
        "CREATE TRIGGER reviews_delete INSTEAD OF DELETE ON reviews BEGIN "
        "DELETE FROM review_log WHERE id = old.id; END",
        f"CREATE TRIGGER reviews_update INSTEAD OF UPDATE ON reviews BEGIN {_NAMED} "
        f"UPDATE review_log SET (id, {_WRITTEN}) = (new.id, {_VALUES}) WHERE id = old.id; END",
    )


#: Triggers that keep the per-card and per-hour sums, and write the log through the view.
LOG_TRIGGERS = _triggers()

#: Reviews per UTC hour (hours since 1970) and deck: all, right, of learned cards, and of
#: those kept.
REVIEW_HOURS = (
    "CREATE TABLE review_hours (hour INTEGER NOT NULL, deck TEXT NOT NULL, "
    "reviews INTEGER NOT NULL, correct INTEGER NOT NULL, learned INTEGER NOT NULL, "
    "kept INTEGER NOT NULL, PRIMARY KEY (hour, deck)) WITHOUT ROWID"
)
#: ``review_hours`` summed from the whole log.
SUM_HOURS = (
    f"INSERT INTO review_hours SELECT {_HOUR_OF.format(row='r.')}, k.deck, count(*), "
    f"sum(r.correct != 0), sum({_LEARNED.format(row='r.')}), sum({_KEPT.format(row='r.')}) "
    f"FROM {LOG_TABLES} GROUP BY 1, 2"
)


#: The statements of migration 11: the log of ``reviews`` (the table) moved into
#: ``review_log`` (each state before a review in the current format: ``quiz_kept_state``),
#: ``reviews`` made the view, ``review_hours`` keyed by whole hours.
MIGRATION = (
    *LOG_TABLES_SCHEMA,
    "INSERT INTO review_cards (deck, card, fact) SELECT DISTINCT deck, card, coalesce(fact, '') "
    "FROM reviews ORDER BY 1, 2, 3",
    f"INSERT INTO review_log (id, {_WRITTEN}) SELECT r.id, {_micro('r.time')}, k.id, "
    f"{_mode_code('r.mode')}, r.given, r.correct, r.score, r.rating, r.duration_ms, "
    "r.state_before, iif(length(r.before), quiz_kept_state(r.before, r.deck, r.card), r.before), "
    f"{_micro('r.amended_at')} FROM reviews r JOIN review_cards k "
    "ON k.deck = r.deck AND k.card = r.card AND k.fact = coalesce(r.fact, '') ORDER BY r.id",
    "DROP TABLE reviews",  # its indexes and triggers with it
    "DROP TABLE review_hours",
    REVIEW_HOURS,
    SUM_HOURS,
    *LOG_INDEXES,
    LOG_VIEW,
    *LOG_TRIGGERS,
)
