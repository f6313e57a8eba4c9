"""The schema of a progress database: numbered migrations, applied in order and recorded.

Migration ``n`` (1-based) takes ``PRAGMA user_version`` from n-1 to n; the file's
``application_id`` marks it as a quiz database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from quizdeck.clock import StudyDays, iso, parse_time

#: Written into the file header so quiz can tell its databases from others ("QUIZ").
APPLICATION_ID = 0x5155495A


def _m1_initial(db: sqlite3.Connection) -> None:
    """Card states, the review log and the settings."""
    db.execute(
        """CREATE TABLE cards (
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            state INTEGER,               -- NULL: never reviewed in a start session (new)
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_until TEXT,
            content_hash TEXT,
            leech INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT,
            PRIMARY KEY (deck, card)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "CREATE INDEX cards_due ON cards (state, due, buried_until) "
        "WHERE state IS NOT NULL AND suspended = 0"
    )
    db.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            mode TEXT NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL,
            score REAL NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            state_before INTEGER,        -- the card's state before a start review; NULL if new
            before TEXT,                 -- start: JSON of the card row before ('null': none);
                                         -- practice/exam: NULL (the schedule was not touched)
            amended_at TEXT              -- when the verdict or rating was changed afterwards
        )"""
    )
    db.execute("CREATE INDEX reviews_time ON reviews (time)")
    db.execute("CREATE INDEX reviews_card ON reviews (deck, card)")
    db.execute(
        "CREATE INDEX cards_held ON cards (deck, card) "
        "WHERE suspended = 1 OR buried_until IS NOT NULL"
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


def _m2_covering_review_index(db: sqlite3.Connection) -> None:
    """Index reviews by (deck, card, correct), so per-card tallies never read the log rows."""
    db.execute("DROP INDEX reviews_card")
    db.execute("CREATE INDEX reviews_card ON reviews (deck, card, correct)")


def _m3_review_fact(db: sqlite3.Connection) -> None:
    """Record the fact a reviewed card tests, so its siblings (in any deck) wait for tomorrow."""
    db.execute("ALTER TABLE reviews ADD COLUMN fact TEXT")  # NULL: the card names no fact


def _m4_review_tallies(db: sqlite3.Connection) -> None:
    """Keep each card's review count and right answers in a table of their own, maintained by
    triggers on the review log, so ``quiz stats`` never scans the whole log per card."""
    db.execute(
        """CREATE TABLE review_tallies (
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            PRIMARY KEY (deck, card)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT INTO review_tallies SELECT deck, card, count(*), sum(correct != 0) "
        "FROM reviews GROUP BY deck, card"
    )
    add = (
        "INSERT INTO review_tallies VALUES (new.deck, new.card, 1, new.correct != 0) "
        "ON CONFLICT (deck, card) DO UPDATE SET reviews = reviews + 1, "
        "correct = correct + excluded.correct;"
    )
    remove = (
        "UPDATE review_tallies SET reviews = reviews - 1, correct = correct - (old.correct != 0) "
        "WHERE deck = old.deck AND card = old.card;"
    )
    db.execute(f"CREATE TRIGGER review_tallies_insert AFTER INSERT ON reviews BEGIN {add} END")
    db.execute(f"CREATE TRIGGER review_tallies_delete AFTER DELETE ON reviews BEGIN {remove} END")
    db.execute(
        "CREATE TRIGGER review_tallies_update AFTER UPDATE OF deck, card, correct ON reviews "
        f"BEGIN {remove} {add} END"
    )


#: The new cards of each deck in the order they are introduced (migration 8 added ``new`` as a
#: column: SQLite reads a partial index's condition from the table unless the index holds it,
#: so counting the new cards read a table row per card).
NEW_CARDS_INDEX = "CREATE INDEX deck_cards_new ON deck_cards (deck, spread, new) WHERE new = 1"

#: The cards that test a fact, by deck (migration 10): ``quiz due`` counts the cards due today
#: from the due index alone and reads only these (and cards kept apart) one by one.
FACT_CARDS_INDEX = "CREATE INDEX deck_cards_facts ON deck_cards (deck, fact, card) WHERE fact != ''"

#: The index of the decks' cards (see :mod:`quizdeck.store.index`), also made in a read-only
#: profile's temporary schema, where it cannot be written to the file.
DECK_INDEX = (
    """CREATE TABLE deck_cards (
        deck TEXT NOT NULL,
        card TEXT NOT NULL,
        position INTEGER NOT NULL,   -- the card's place in its deck
        spread INTEGER NOT NULL,     -- where it comes in the order new cards are introduced
        fact TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        tags TEXT NOT NULL,          -- JSON list
        new INTEGER NOT NULL,        -- 1: no schedule in ``cards``
        changed INTEGER NOT NULL,    -- 1: edited since its schedule was last written
        PRIMARY KEY (deck, card)
    ) WITHOUT ROWID""",
    NEW_CARDS_INDEX,
    FACT_CARDS_INDEX,
    "CREATE INDEX deck_cards_changed ON deck_cards (deck) WHERE changed = 1",
    "CREATE TABLE deck_digests (deck TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID",
)


#: Reviews and right answers per deck and tag (of the indexed cards), see ``_summed_tallies``.
TAG_TALLIES = (
    "CREATE TABLE tag_tallies (deck TEXT NOT NULL, tag TEXT NOT NULL, "
    "reviews INTEGER NOT NULL, correct INTEGER NOT NULL, PRIMARY KEY (deck, tag)) WITHOUT ROWID"
)


def _m5_deck_index(db: sqlite3.Connection) -> None:
    """Index the decks' cards beside their schedules, so the queue and the counts of new,
    due and edited cards are indexed queries, not a pass over every card. Triggers keep
    ``new`` and ``changed`` right whatever writes ``cards``."""
    for statement in DECK_INDEX:
        db.execute(statement)
    cleared = (
        "UPDATE deck_cards SET new = 1, changed = 0 WHERE deck = old.deck AND card = old.card;"
    )
    marked = (
        "UPDATE deck_cards SET new = (new.state IS NULL), "
        "changed = (coalesce(new.content_hash, '') NOT IN ('', content_hash)) "
        "WHERE deck = new.deck AND card = new.card;"
    )
    db.execute(f"CREATE TRIGGER deck_cards_added AFTER INSERT ON cards BEGIN {marked} END")
    db.execute(
        "CREATE TRIGGER deck_cards_changed AFTER UPDATE OF deck, card, state, content_hash "
        f"ON cards BEGIN {cleared} {marked} END"
    )
    db.execute(f"CREATE TRIGGER deck_cards_removed AFTER DELETE ON cards BEGIN {cleared} END")
    _summed_tallies(db)


def _summed_tallies(db: sqlite3.Connection) -> None:
    """Per deck and per tag sums of the per-card tallies, kept by triggers on them, and
    indexes for the weakest cards and the leeches: ``quiz stats`` reads a few rows."""
    db.execute(
        "CREATE TABLE deck_tallies (deck TEXT PRIMARY KEY, reviews INTEGER NOT NULL, "
        "correct INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO deck_tallies SELECT deck, sum(reviews), sum(correct) FROM review_tallies "
        "GROUP BY deck"
    )
    db.execute(TAG_TALLIES)
    add = (
        "INSERT INTO deck_tallies VALUES (new.deck, {reviews}, {correct}) ON CONFLICT (deck) "
        "DO UPDATE SET reviews = reviews + excluded.reviews, correct = correct + excluded.correct;"
        "INSERT INTO tag_tallies SELECT new.deck, tag.value, {reviews}, {correct} "
        "FROM deck_cards k, json_each(k.tags) tag WHERE k.deck = new.deck AND k.card = new.card "
        "ON CONFLICT (deck, tag) DO UPDATE SET reviews = reviews + excluded.reviews, "
        "correct = correct + excluded.correct;"
    )
    added = add.format(reviews="new.reviews", correct="new.correct")
    changed = add.format(reviews="new.reviews - old.reviews", correct="new.correct - old.correct")
    db.execute(f"CREATE TRIGGER tallies_added AFTER INSERT ON review_tallies BEGIN {added} END")
    db.execute(f"CREATE TRIGGER tallies_changed AFTER UPDATE ON review_tallies BEGIN {changed} END")
    db.execute(
        "CREATE INDEX review_tallies_weakest ON review_tallies (CAST(correct AS REAL) / reviews) "
        "WHERE reviews >= 3 AND correct < reviews"
    )
    db.execute("CREATE INDEX cards_leech ON cards (lapses) WHERE leech = 1")


def _m6_gone_cards_and_review_hours(db: sqlite3.Connection) -> None:
    """Mark the schedules of cards their deck no longer has (``cards.gone``) and cover the due
    index, so counts of due cards need no join; cover the review log's time index for what
    the queue reads of today; and keep reviews summed per hour and deck (``review_hours``),
    so a study day's figures are a few rows, not thousands."""
    db.execute("ALTER TABLE cards ADD COLUMN gone INTEGER NOT NULL DEFAULT 0")
    db.execute(
        f"UPDATE cards SET gone = 1 WHERE deck IN (SELECT deck FROM deck_digests) AND {NOT_IN_DECK}"
    )
    db.execute("DROP INDEX cards_due")
    # suspended and gone are columns of the index so that counting needs no table row
    # (SQLite reads a partial index's condition from the table).
    db.execute(
        "CREATE INDEX cards_due ON cards (state, due, buried_until, suspended, gone) "
        "WHERE state IS NOT NULL AND suspended = 0"
    )
    db.execute(
        "CREATE TRIGGER cards_gone_added AFTER INSERT ON cards "
        "WHEN new.deck IN (SELECT deck FROM deck_digests) AND NOT EXISTS (SELECT 1 FROM "
        "deck_cards k WHERE k.deck = new.deck AND k.card = new.card) BEGIN "
        "UPDATE cards SET gone = 1 WHERE deck = new.deck AND card = new.card; END"
    )
    # Today's start reviews (the day's allowances and the facts answered) from the index alone.
    db.execute("DROP INDEX reviews_time")
    db.execute("CREATE INDEX reviews_time ON reviews (time, mode, state_before, fact, deck, card)")
    db.execute(REVIEW_HOURS)
    db.execute(
        f"INSERT INTO review_hours SELECT {_HOUR_OF.format(row='')}, deck, count(*), "
        f"sum(correct != 0), sum({_LEARNED.format(row='')}), sum({_KEPT.format(row='')}) "
        "FROM reviews GROUP BY 1, 2"
    )
    add = (
        f"INSERT INTO review_hours VALUES ({_HOUR_OF.format(row='new.')}, new.deck, 1, "
        f"new.correct != 0, {_LEARNED.format(row='new.')}, {_KEPT.format(row='new.')}) "
        "ON CONFLICT (hour, deck) DO UPDATE SET reviews = reviews + 1, "
        "correct = correct + excluded.correct, learned = learned + excluded.learned, "
        "kept = kept + excluded.kept;"
    )
    remove = (
        "UPDATE review_hours SET reviews = reviews - 1, correct = correct - (old.correct != 0), "
        f"learned = learned - {_LEARNED.format(row='old.')}, "
        f"kept = kept - {_KEPT.format(row='old.')} "
        f"WHERE hour = {_HOUR_OF.format(row='old.')} AND deck = old.deck;"
    )
    db.execute(f"CREATE TRIGGER review_hours_insert AFTER INSERT ON reviews BEGIN {add} END")
    db.execute(f"CREATE TRIGGER review_hours_delete AFTER DELETE ON reviews BEGIN {remove} END")
    db.execute(
        "CREATE TRIGGER review_hours_update AFTER UPDATE OF time, deck, correct, mode, "
        f"state_before, rating ON reviews BEGIN {remove} {add} END"
    )


#: True when the indexed deck of a ``cards`` row no longer has that card.
NOT_IN_DECK = (
    "NOT EXISTS (SELECT 1 FROM deck_cards k WHERE k.deck = cards.deck AND k.card = cards.card)"
)
#: The UTC hour a review's time falls in ('2026-03-01T09'): times are stored in UTC.
_HOUR_OF = "substr({row}time, 1, 13)"
#: A start review of a learned card (true retention counts these) ...
_LEARNED = "({row}mode = 'start' AND {row}state_before IS 2)"
#: ... and one of those answered without forgetting.
_KEPT = "({row}mode = 'start' AND {row}state_before IS 2 AND {row}rating > 1)"

#: Reviews per UTC hour and deck: all, right, of learned cards, and of those kept.
REVIEW_HOURS = (
    "CREATE TABLE review_hours (hour TEXT NOT NULL, deck TEXT NOT NULL, "
    "reviews INTEGER NOT NULL, correct INTEGER NOT NULL, learned INTEGER NOT NULL, "
    "kept INTEGER NOT NULL, PRIMARY KEY (hour, deck)) WITHOUT ROWID"
)


def _m7_reviews_due_on_study_days(db: sqlite3.Connection) -> None:
    """Review cards are due from the start of a study day (see ``rules.on_study_day``): each
    scheduled review moves from its exact time to the start of the study day its interval
    names, counted from its last review, in the profile's day-start hour and local time."""
    row = db.execute("SELECT value FROM settings WHERE key = 'day_starts_at_hour'").fetchone()
    try:
        hour = int(row[0]) if row else 4
    except ValueError:
        hour = 4
    days = StudyDays(hour if 0 <= hour <= 23 else 4)
    moved = []
    for deck, card, due, last in db.execute(
        "SELECT deck, card, due, last_review FROM cards WHERE state = 2 "
        "AND due IS NOT NULL AND last_review IS NOT NULL"
    ).fetchall():
        try:
            due_at, last_at = parse_time(due), parse_time(last)
        except ValueError:
            continue  # left as it is: a hand-edited row the store reports when it reads it
        if due_at is None or last_at is None:
            continue
        moved.append((iso(days.days_after(last_at, due_at)), deck, card))
    db.executemany("UPDATE cards SET due = ? WHERE deck = ? AND card = ?", moved)


def _m8_new_cards_counted_from_the_index(db: sqlite3.Connection) -> None:
    """Hold ``new`` in the index of new cards, so that counting a deck's new cards (``quiz
    due``) reads the index alone, not a table row per card."""
    db.execute("DROP INDEX deck_cards_new")
    db.execute(NEW_CARDS_INDEX)


def _m9_compact_review_states(db: sqlite3.Connection) -> None:
    """Keep each review's "before" state (for undo) as a 69-byte blob instead of JSON (~350
    bytes, most of the log): see :mod:`quizdeck.store.before`. A state that cannot be read
    is left as it is. The file is vacuumed afterwards (see :data:`VACUUM_AFTER`)."""
    from quizdeck.store import before

    def compact(text: str, deck: str, card: str) -> bytes | str:
        try:
            return before.encode(before.decode(text, (deck, card)))
        except (ValueError, TypeError, KeyError, OverflowError):
            return text

    db.create_function("quiz_compact_state", 3, compact, deterministic=True)
    db.execute(
        "UPDATE reviews SET before = quiz_compact_state(before, deck, card) "
        "WHERE typeof(before) = 'text'"
    )


def _m10_fact_cards_index(db: sqlite3.Connection) -> None:
    """Index the cards that test a fact, so that ``quiz due`` reads them alone, not a row of the
    decks' index for every card due today."""
    db.execute("DROP INDEX IF EXISTS deck_cards_facts")  # a new file has it from migration 5
    db.execute(FACT_CARDS_INDEX)


def _m11_compact_review_log(db: sqlite3.Connection) -> None:
    """Store the review log compactly (times as microseconds, each card's names once, modes as
    numbers) in ``review_log``; ``reviews`` becomes a view with the old columns. See
    :mod:`quizdeck.store.log_schema`. The states before reviews are packed anew (see
    :mod:`quizdeck.store.before`). The file is vacuumed afterwards."""
    from quizdeck.store import before
    from quizdeck.store.log_schema import MIGRATION

    def compact(kept: bytes | str, deck: str, card: str) -> bytes | str:
        return before.compact(kept, (deck, card))

    db.create_function("quiz_kept_state", 3, compact, deterministic=True)
    for statement in MIGRATION:
        db.execute(statement)


#: The schema history: migration ``n`` (1-based) takes ``user_version`` from n-1 to n.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m1_initial,
    _m2_covering_review_index,
    _m3_review_fact,
    _m4_review_tallies,
    _m5_deck_index,
    _m6_gone_cards_and_review_hours,
    _m7_reviews_due_on_study_days,
    _m8_new_cards_counted_from_the_index,
    _m9_compact_review_states,
    _m10_fact_cards_index,
    _m11_compact_review_log,
)
SCHEMA_VERSION = len(MIGRATIONS)
#: Migrations that free much of the file: an existing database is vacuumed after them.
VACUUM_AFTER = frozenset({9, 11})


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a database at schema ``version`` up to :data:`SCHEMA_VERSION` (caller holds the
    write transaction), and mark it as a quiz database."""
    for number in range(version, SCHEMA_VERSION):
        MIGRATIONS[number](db)
        db.execute(f"PRAGMA user_version = {number + 1}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
