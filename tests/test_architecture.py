"""The shape of the code: folders by domain, no import cycle, grading a library of values.

These read the source (see ``import_graph``); they fail when a change breaks the layout
CONTRIBUTING.md describes, whatever the tests of behaviour say.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from import_graph import PACKAGE, cycles, import_graph, module_files
from quizdeck.decks.cache import READING_MODULES

#: The most modules the package's root may hold; everything else lives in a folder.
MAX_ROOT_MODULES = 12
#: The longest a module may grow before it is split.
MAX_MODULE_LINES = 400


def _imports_of(prefix: str) -> dict[str, set[str]]:
    return {name: targets for name, targets in import_graph().items() if name.startswith(prefix)}


def test_the_cycle_finder_finds_a_cycle_and_only_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_counts_lazy_and_type_only_imports() -> None:
    graph = import_graph()
    # quizdeck.kinds.typed imports grading only inside a method and under TYPE_CHECKING.
    assert "quizdeck.grading.typed" in graph["quizdeck.kinds.typed"]
    assert "quizdeck.model" in graph["quizdeck.kinds"]


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_root_holds_few_modules() -> None:
    root = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(root) <= MAX_ROOT_MODULES, root


@pytest.mark.parametrize("name", sorted(module_files()))
def test_no_module_is_too_long(name: str) -> None:
    lines = module_files()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines: split it by job"


def test_no_name_prefix_asks_for_a_folder() -> None:
    """Modules sharing a prefix (``store_core``, ``store_due``) belong in a folder."""
    for folder in [PACKAGE, *(path for path in PACKAGE.iterdir() if path.is_dir())]:
        stems = [path.stem for path in folder.glob("*.py") if path.stem != "__init__"]
        prefixes = [stem.split("_")[0] for stem in stems if "_" in stem]
        crowded = {prefix for prefix in prefixes if prefixes.count(prefix) >= 3}
        assert not crowded, f"{folder.name}: {sorted(crowded)}"


def test_grading_grades_values_and_never_imports_the_cards_or_the_kinds() -> None:
    for name, targets in _imports_of("quizdeck.grading").items():
        outside = {target for target in targets if not target.startswith("quizdeck.grading")}
        assert not outside, f"{name} imports {sorted(outside)}"


def test_the_model_imports_nothing_of_quiz() -> None:
    assert import_graph()["quizdeck.model"] == set()


def _third_party_imports(name: str) -> set[str]:
    import ast

    tree = ast.parse(module_files()[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(
    ("library", "allowed"),
    [("questionary", "quizdeck.ui."), ("fsrs", "quizdeck.scheduler")],
)
def test_a_library_is_imported_in_its_one_place(library: str, allowed: str) -> None:
    users = {name for name in module_files() if library in _third_party_imports(name)}
    assert users, f"nothing imports {library}: the test looks for the wrong name"
    assert {name for name in users if not name.startswith(allowed)} == set()


def test_the_deck_cache_stamps_every_module_that_reads_decks() -> None:
    """A module on the reading path that is not listed would let a stale cache be used."""
    graph = import_graph()
    reading = {"quizdeck.decks.reader", "quizdeck.decks.cache"}
    todo = list(reading)
    while todo:
        for target in graph[todo.pop()]:
            inside = target == "quizdeck.model" or target.startswith(
                ("quizdeck.decks.", "quizdeck.kinds")
            )
            if inside and target not in reading:
                reading.add(target)
                todo.append(target)
    files = module_files()
    listed = {str(files[name].relative_to(PACKAGE)) for name in reading}
    assert listed <= set(READING_MODULES), sorted(listed - set(READING_MODULES))
    assert all((PACKAGE / name).is_file() for name in READING_MODULES)


#: Asks the first question of ``quiz start`` (plain mode, a deck of one card) and prints which
#: of the modules the first question does not need are loaded when its answer is read (the
#: question and its hint are on screen then).
FIRST_QUESTION = """
import os, sys
from quizdeck.ui.plain import PlainAsker
from quizdeck.cli import main

def read(self):
    print(sorted(m for m in sys.argv[2:] if m in sys.modules), flush=True)
    os._exit(0)

PlainAsker._read = read
main(["start", sys.argv[1]])
"""

#: Not needed to draw a text card's question: grading (and its libraries) grades the answer,
#: the TOML reader runs only when the deck cache misses, what records a review comes later,
#: the sync code runs only with a sync folder set, a kind's module only for a card of its kind.
NOT_BEFORE_THE_FIRST_QUESTION = (
    "quizdeck.grading",
    "rapidfuzz",
    "anyascii",
    "quizdeck.decks.reader",
    "tomllib",
    "quizdeck.session.exam",
    "quizdeck.sync",
    "quizdeck.store.log_rows",
    "quizdeck.session.distractors",  # only when a card asks for automatic wrong options
    "quizdeck.store.reviews",  # what records the first answer (and manages cards): later
    "quizdeck.store.flags",
    "quizdeck.store.events",
    # the modules of the kinds no card of the deck has
    "quizdeck.kinds.typed_kinds",
    "quizdeck.kinds.person",
    "quizdeck.kinds.date",
    "quizdeck.kinds.choice",
    "quizdeck.kinds.truefalse",
    "quizdeck.kinds.order",
    "quizdeck.kinds.cloze",
    "quizdeck.kinds.match",
    "quizdeck.kinds.flip",
)
#: A full date's hint asks whether the question wants the year (``grading.asked``), which
#: must not load the date grader or its libraries.
NOT_BEFORE_A_DATE_QUESTION = (
    "quizdeck.grading.dates",
    "quizdeck.grading.text",
    "quizdeck.grading.typed",
    "rapidfuzz",
    "anyascii",
)
TEXT_CARD = 'id = "fr"\nkind = "text"\nprompt = "Capital of France?"\nanswer = "Paris"\n'
DATE_CARD = (
    'id = "bastille"\nkind = "date"\nprompt = "When was the Bastille stormed?"\n'
    'answer = "1789-07-14"\n'
)


@pytest.mark.parametrize(
    ("card", "not_loaded"),
    [(TEXT_CARD, NOT_BEFORE_THE_FIRST_QUESTION), (DATE_CARD, NOT_BEFORE_A_DATE_QUESTION)],
    ids=["text", "date"],
)
def test_the_first_question_loads_neither_grading_nor_the_deck_reader(
    tmp_path: Path, card: str, not_loaded: tuple[str, ...]
) -> None:
    deck = tmp_path / "capitals.toml"
    deck.write_text(
        f'[deck]\nid = "capitals"\ntitle = "Capitals"\n\n[[card]]\n{card}', encoding="utf-8"
    )
    env = {**os.environ, "QUIZ_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-c", FIRST_QUESTION, str(deck), *not_loaded]
    for _ in range(2):  # the first run fills the deck cache; the second reads it
        run = subprocess.run(
            command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr


#: Starts a session with the default grader in a fresh interpreter; the asker waits for the
#: background import of the graders the session starts (after its delay: with none, the thread
#: could start importing while the first question is still being put), then answers.
GRADERS_WHILE_READING = """
import sys, threading
from quizdeck.model import Card, Kind, Mode
from quizdeck.session import engine
from quizdeck.session.asking import EndOfInput

engine.LOAD_GRADERS_AFTER = 0.3

class Asker:
    def progress(self, progress): pass
    def ask(self, question):
        loading = [t for t in threading.enumerate() if t.name == engine.LOADING_GRADERS]
        loaded_before = "quizdeck.grading.typed" in sys.modules
        for thread in loading:
            thread.join()
        print(len(loading), loaded_before, "quizdeck.grading.typed" in sys.modules)
        raise EndOfInput
    def summary(self, summary): pass

class Log:
    def next_due(self, scope, now): return None

card = Card(deck_id="d", id="c", kind=Kind.TEXT, prompt="Capital of France?", answers=("Paris",))
engine.Session(Asker(), Log(), mode=Mode.PRACTICE).run([card])
"""


def test_the_graders_load_in_the_background_while_the_first_question_is_read() -> None:
    run = subprocess.run(
        [sys.executable, "-c", GRADERS_WHILE_READING], capture_output=True, text=True
    )
    assert run.stdout.split() == ["1", "False", "True"], run.stdout + run.stderr
