"""A 30-student class made with the store's own code, and its report as a page to look at.

Run:  python bench/classroom.py [--out DIR] [--screenshot]

Writes into DIR (default: a new temporary folder) a 24-card deck, a roster of real names
(``roster.csv``: ``name,profile``), each student's progress export (answers recorded with
``Store``, seeded, over two weeks), and the report in every format: ``class.txt``,
``class.csv``, ``class.json`` and ``class.html``. With ``--screenshot``, Chromium
(``/usr/bin/chromium``, or ``chromium`` or ``google-chrome`` on the PATH) renders the page
headless into ``class.png``. See docs/report-screenshot.md.

The class: most students study steadily; two stopped over a week ago (inactive), two left a
backlog of overdue cards, two do worse lately (falling), three handed in a file with no
answer (not started) and one handed in nothing (no file). tests/test_class_report_e2e.py uses
:func:`build_class`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizdeck.model import Card, Mode, Rating
from quizdeck.store import Store

#: The moment the report is made ("now" for the class); answers go back two weeks from it.
NOW = datetime(2026, 3, 20, 16, 0, tzinfo=timezone.utc)
START = NOW - timedelta(days=16)

CAPITALS = [
    ("peru", "Peru", "Lima"), ("chile", "Chile", "Santiago"), ("bolivia", "Bolivia", "La Paz"),
    ("ecuador", "Ecuador", "Quito"), ("colombia", "Colombia", "Bogotá"),
    ("venezuela", "Venezuela", "Caracas"), ("uruguay", "Uruguay", "Montevideo"),
    ("paraguay", "Paraguay", "Asunción"), ("argentina", "Argentina", "Buenos Aires"),
    ("brazil", "Brazil", "Brasília"), ("mexico", "Mexico", "Mexico City"),
    ("cuba", "Cuba", "Havana"), ("panama", "Panama", "Panama City"),
    ("honduras", "Honduras", "Tegucigalpa"), ("nicaragua", "Nicaragua", "Managua"),
    ("guatemala", "Guatemala", "Guatemala City"), ("jamaica", "Jamaica", "Kingston"),
    ("haiti", "Haiti", "Port-au-Prince"), ("canada", "Canada", "Ottawa"),
    ("belize", "Belize", "Belmopan"), ("suriname", "Suriname", "Paramaribo"),
    ("guyana", "Guyana", "Georgetown"),
]  # fmt: skip

DECK = (
    '[deck]\nid = "americas"\ntitle = "Capitals of the Americas"\n\n'
    + "".join(
        f'[[card]]\nid = "{key}"\nkind = "text"\nprompt = "What is the capital of {country}?"\n'
        f'answer = "{capital}"\n\n'
        for key, country, capital in CAPITALS
    )
    + '[[card]]\nid = "largest"\nkind = "choice"\n'
    'prompt = "Which is the largest country of South America by area?"\nanswer = "Brazil"\n'
    'choices = ["Argentina", "Brazil", "Peru", "Colombia"]\n\n'
    '[[card]]\nid = "sucre"\nkind = "truefalse"\n'
    'prompt = "Sucre is the constitutional capital of Bolivia."\nanswer = true\n'
)

#: The class: (name on the roster, profile, how they study).
STUDENTS = [
    ("Chloé Moreau", "chloe", "steady"), ("Léo Martin", "leo", "steady"),
    ("Zoé Petit", "zoe", "steady"), ("Émile Durand", "emile", "inactive"),
    ("Inès Bernard", "ines", "steady"), ("Hugo Lefèvre", "hugo", "backlog"),
    ("Amir Haddad", "amir", "steady"), ("Sofia Rossi", "sofia", "steady"),
    ("Noah Dubois", "noah", "falling"), ("Lina Benali", "lina", "steady"),
    ("Jules Fontaine", "jules", "steady"), ("Mila Garnier", "mila", "not started"),
    ("Yanis Roux", "yanis", "steady"), ("Camille Blanc", "camille", "steady"),
    ("ethan Girard", "ethan", "inactive"), ("Manon Faure", "manon", "steady"),
    ("Adam Mercier", "adam", "steady"), ("Jade Lambert", "jade", "backlog"),
    ("Louis Bonnet", "louis", "steady"), ("Rose Chevalier", "rose", "steady"),
    ("Nathan Robin", "nathan", "falling"), ("Alice Gauthier", "alice", "steady"),
    ("Tom Perrin", "tom", "not started"), ("Eva Morel", "eva", "steady"),
    ("Sacha Nicolas", "sacha", "steady"), ("Lou Henry", "lou", "not started"),
    ("Gabriel Roussel", "gabriel", "steady"), ("Anna Meyer", "anna", "steady"),
    ("Raphaël Clément", "raphael", "steady"), ("Victor Lucas", "victor", "no file"),
]  # fmt: skip
WRONG = {"bolivia": "Sucre", "brazil": "Rio de Janeiro", "canada": "Toronto",
         "belize": "Belize City", "largest": "Argentina", "sucre": "false"}  # fmt: skip


@dataclass(frozen=True)
class Classroom:
    deck: Path
    roster: Path
    exports: list[Path]


def build_class(folder: Path, seed: int = 27) -> Classroom:
    """Write the deck, the roster and the students' exports into ``folder``."""
    from quizdeck.decks.reader import check_deck_file

    deck_path = folder / "americas.toml"
    deck_path.write_text(DECK, encoding="utf-8")
    deck, problems = check_deck_file(deck_path)
    assert deck is not None, problems
    rng = random.Random(seed)
    exports = []
    fuzz = random.getstate()  # FSRS fuzzes intervals with the module's generator: seed it too
    random.seed(seed)
    try:
        for _name, profile, habit in STUDENTS:
            if habit == "no file":
                continue
            with Store.open(folder / f"{profile}.sqlite3") as store:
                _study(store, habit, list(deck.cards), rng)
                path = folder / f"{profile}.json"
                with path.open("w", encoding="utf-8") as handle:
                    store.export(handle, "json", profile=profile, now=NOW - timedelta(hours=2))
            exports.append(path)
    finally:
        random.setstate(fuzz)
    roster = folder / "roster.csv"
    lines = ["name,profile", *(f"{name},{profile}" for name, profile, _ in STUDENTS)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # as Excel saves it
    return Classroom(deck_path, roster, exports)


#: The days each habit studies on (days after ``START``), and new cards a day.
DAYS = {"steady": range(16), "falling": range(16), "inactive": range(6), "backlog": range(5)}
NEW_A_DAY = {"steady": 3, "falling": 3, "inactive": 3, "backlog": 6}


def _study(store: Store, habit: str, cards: list[Card], rng: random.Random) -> None:
    """Record a student's answers as quiz would ask them: each study day the cards due, then
    new ones; a card missed is asked again five minutes later, in the same sitting."""
    if habit == "not started":
        return
    skill = rng.uniform(0.75, 0.97)
    due: dict[str, datetime] = {}
    fresh = cards[:]
    rng.shuffle(fresh)
    for day in DAYS[habit]:
        if habit == "steady" and rng.random() < 0.2:
            continue  # a day off
        moment = START + timedelta(days=day, hours=rng.randint(0, 6), minutes=rng.randint(0, 59))
        todays = [card for card in cards if card.id in due and due[card.id] <= moment]
        todays += [fresh.pop() for _ in range(min(NEW_A_DAY[habit], len(fresh)))]
        chance = skill - 0.45 if habit == "falling" and day >= 8 else skill
        for number, card in enumerate(todays):
            when = moment + timedelta(minutes=number)
            right = rng.random() < (chance - 0.3 if card.id in WRONG else chance)
            due[card.id] = _answer(store, card, right, when, rng)
            if not right:
                again = rng.random() < 0.6
                due[card.id] = _answer(store, card, again, when + timedelta(minutes=5), rng)
    if habit == "backlog":  # one card last weekend: not inactive, but far behind
        _answer(store, cards[0], True, NOW - timedelta(days=2), rng)


def _answer(store: Store, card: Card, right: bool, when: datetime, rng: random.Random) -> datetime:
    given = card.answers[0] if right else WRONG.get(card.id, rng.choice(["Lima", "Caracas", ""]))
    recorded = store.record_review(
        card, mode=Mode.START, given=given, correct=right, score=float(right),
        rating=Rating.GOOD if right else Rating.AGAIN, duration_ms=rng.randint(3_000, 25_000),
        now=when,
    )  # fmt: skip
    return recorded.due or when + timedelta(days=1)


def chromium() -> str | None:
    """The Chromium (or Chrome) to render with, if any."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="the folder to write into (default: a new one)")
    parser.add_argument("--screenshot", action="store_true", help="render class.html to class.png")
    parser.add_argument("--width", type=int, default=1400, help="the window's width in pixels")
    parser.add_argument("--height", type=int, default=5200, help="the window's height in pixels")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="quiz-class-"))
    out.mkdir(parents=True, exist_ok=True)
    classroom = build_class(out)
    from click.testing import CliRunner

    from quizdeck.cli import main as quiz

    common = ["report", *map(str, classroom.exports), "--decks", str(classroom.deck),
              "--roster", str(classroom.roster)]  # fmt: skip
    env = {"QUIZ_NOW": NOW.isoformat(), "NO_COLOR": "1"}
    for fmt, name in (("table", "class.txt"), ("csv", "class.csv"), ("json", "class.json"),
                      ("html", "class.html")):  # fmt: skip
        result = CliRunner().invoke(
            quiz, [*common, "--format", fmt, "-o", str(out / name)], env=env
        )
        if result.exit_code:
            raise SystemExit(result.output)
    print(f"wrote the class and its report into {out}")
    if args.screenshot:
        browser = chromium()
        if browser is None:
            raise SystemExit("no Chromium found (apt-get install chromium): no screenshot")
        png = out / "class.png"
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--window-size={args.width},{args.height}", f"--screenshot={png}",
             (out / "class.html").as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        print(f"screenshot: {png}")


if __name__ == "__main__":
    main()
