"""quiz new and quiz add: the template, fresh ids, appending that keeps the file's layout."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from quizdeck.cli import main
from quizdeck.decks import authoring
from quizdeck.decks.authoring import CardDraft, append_cards, fresh_id, slugify
from quizdeck.decks.format import Deck, Problem
from quizdeck.decks.reader import check_deck_file
from quizdeck.decks.template import new_deck_text
from quizdeck.model import Card, Kind

DOWN = "\x1b[B"
CLEAR = "\x15"  # Ctrl-U: empty the line


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def deck(folder: Path) -> Path:
    assert run("new", "roman-history").exit_code == 0
    return folder / "roman-history.toml"


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


def cards_of(path: Path) -> dict[str, Card]:
    found, problems = check_deck_file(path)
    assert not problems, problems
    assert found is not None
    return {card.id: card for card in found.cards}


# --- quiz new ----------------------------------------------------------------------------


def test_new_deck_validates_and_points_at_the_schema(deck: Path) -> None:
    text = deck.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema ./deck.schema.json"
    assert "quiz schema -o deck.schema.json" in text
    assert list(cards_of(deck)) == ["example-capital"]
    assert run("validate", str(deck)).exit_code == 0


def test_new_deck_has_a_commented_example_of_every_other_kind(deck: Path) -> None:
    text = deck.read_text(encoding="utf-8")
    start = text.index("# More kinds of card")
    examples = text[start:].splitlines()[2:]
    uncommented = "\n".join(re.sub(r"^# ?", "", line) for line in examples)
    deck.write_text(text[:start] + uncommented + "\n", encoding="utf-8")
    kinds = {card.kind for card in cards_of(deck).values()}
    assert kinds == set(Kind)


def test_new_uses_title_and_output(folder: Path) -> None:
    result = run("new", "ww2", "--title", "The Second World War", "-o", "decks.toml")
    assert result.exit_code == 0, result.output
    found, _ = check_deck_file(folder / "decks.toml")
    assert found is not None and found.title == "The Second World War" and found.id == "ww2"


def test_new_prints_with_dash(folder: Path) -> None:
    result = run("new", "ww2", "-o", "-")
    assert result.exit_code == 0
    assert result.output.startswith("#:schema")
    assert list(folder.iterdir()) == []


def test_new_refuses_a_bad_id_and_an_existing_file(deck: Path) -> None:
    result = run("new", "Roman History")
    assert result.exit_code == 2
    assert "lowercase letters, digits and hyphens" in result.output
    before = deck.read_bytes()
    result = run("new", "roman-history")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert deck.read_bytes() == before


# --- ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "slug"),
    [
        ("Who was the first emperor of Rome?", "first-emperor-rome"),
        ("In what year did the Berlin Wall fall?", "year-berlin-wall-fall"),
        ("Qāsim al-Kāẓimī's role?", "qasim-al-kazimi-s"),
        ("Rome was founded in {{year:753}} BC", "rome-founded-753-bc"),
        ("???", "card"),
        ("Who?", "who"),
    ],
)
def test_slugify(prompt: str, slug: str) -> None:
    assert slugify(prompt) == slug
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slugify(prompt))


def test_fresh_id_is_unique() -> None:
    taken = {"capital-peru", "capital-peru-2"}
    assert fresh_id("Capital of Peru?", taken) == "capital-peru-3"
    assert fresh_id("Capital of Chile?", taken) == "capital-chile"


def test_long_prompts_make_short_ids() -> None:
    slug = slugify("Supercalifragilisticexpialidocious antidisestablishmentarianism words")
    assert len(slug) <= authoring.ID_LENGTH


# --- quiz add with options ---------------------------------------------------------------


def test_add_keeps_comments_and_layout(deck: Path) -> None:
    before = deck.read_text(encoding="utf-8")
    result = run("add", str(deck), "--prompt", "Capital of Peru?", "--answer", "Lima")
    assert result.exit_code == 0, result.output
    after = deck.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :] == (
        '\n[[card]]\nid = "capital-peru"\nkind = "text"\nprompt = "Capital of Peru?"\n'
        'answer = "Lima"\n'
    )
    assert leftovers(deck.parent) == []


@pytest.mark.parametrize(
    ("args", "key", "expected"),
    [
        (["--kind", "year", "--prompt", "Fall of the Berlin Wall?", "--answer", "1989"],
         "answer = 1989", ("1989",)),
        (["--kind", "number", "--prompt", "How many?", "--answer", "1,200"],
         'answer = "1,200"', ("1,200",)),
        (["--kind", "date", "--prompt", "Moon landing?", "--answer", "1969-07-20"],
         'answer = "1969-07-20"', ("1969-07-20",)),
        (["--kind", "person", "--prompt", "First emperor?", "--answer", "Augustus",
          "--accept", "Octavian"], 'accept = ["Octavian"]', ("Augustus", "Octavian")),
        (["--kind", "order", "--prompt", "Order them", "--answer", "Kings", "--answer",
          "Republic", "--answer", "Empire"], 'answer = ["Kings", "Republic", "Empire"]',
         ("Kings", "Republic", "Empire")),
        (["--kind", "truefalse", "--prompt", "Rome fell in 476.", "--answer", "False",
          "--correction", "The West fell in 476; the East in 1453."], "answer = false",
         ("false",)),
        (["--kind", "choice", "--prompt", "Largest ocean?", "--answer", "Pacific",
          "--choice", "Pacific", "--choice", "Atlantic"], 'choices = ["Pacific", "Atlantic"]',
         ("Pacific",)),
        (["--kind", "choice", "--prompt", "River of Rome?", "--answer", "Tiber",
          "--distractors", "auto"], 'distractors = "auto"', ("Tiber",)),
        (["--kind", "cloze", "--prompt", "Founded in {{year:753}} by {{Romulus}}"],
         'prompt = "Founded in {{year:753}} by {{Romulus}}"', ("753", "Romulus")),
    ],
)  # fmt: skip
def test_add_every_kind(deck: Path, args: list[str], key: str, expected: tuple[str, ...]) -> None:
    result = run("add", str(deck), "--id", "new-card", "--tag", "t1", "--source", "3, 4", *args)
    assert result.exit_code == 0, result.output
    text = deck.read_text(encoding="utf-8")
    assert key in text
    assert "source = [3, 4]" in text
    card = cards_of(deck)["new-card"]
    assert card.answers == expected
    assert "t1" in card.tags


def test_add_names_the_fact_and_a_set_cloze(deck: Path) -> None:
    typed = run("add", str(deck), "--prompt", "Capital of Peru?", "--answer", "Lima",
                "--fact", "peru-capital")  # fmt: skip
    assert typed.exit_code == 0, typed.output
    cloze = run("add", str(deck), "--kind", "cloze", "--prompt", "{{Ur}} and {{Uruk}} are old.",
                "--any-order", "--fact", "old-cities")  # fmt: skip
    assert cloze.exit_code == 0, cloze.output
    cards = cards_of(deck)
    assert cards["capital-peru"].fact == "peru-capital"
    assert cards["ur-uruk-old"].fact == "old-cities" and cards["ur-uruk-old"].any_order
    bad = run("add", str(deck), "--prompt", "Q?", "--answer", "A", "--fact", "Not A Slug")
    assert bad.exit_code != 0 and "fact 'Not A Slug' must be lowercase" in bad.output


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("14 July 1789", "1789-07-14"),
        ("July 14, 1789", "1789-07-14"),
        ("the 14th of July 1789", "1789-07-14"),
        ("14/07/1789", "1789-07-14"),
        ("July 1789", "1789-07"),
        ("1789-07-14", "1789-07-14"),
    ],
)
def test_add_takes_a_written_date_and_stores_it_as_iso(
    deck: Path, written: str, stored: str
) -> None:
    result = run("add", str(deck), "--kind", "date", "--id", "bastille",
                 "--prompt", "When did the Bastille fall?", "--answer", written,
                 "--accept", "July 1789")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = deck.read_text(encoding="utf-8")
    assert f'answer = "{stored}"' in text and 'accept = ["1789-07"]' in text
    assert cards_of(deck)["bastille"].answers[0] == stored


def test_add_refuses_a_date_that_reads_two_ways(deck: Path) -> None:
    before = deck.read_text(encoding="utf-8")
    result = run("add", str(deck), "--kind", "date", "--prompt", "When?", "--answer", "03/04/1791")
    assert result.exit_code == 2 and "'03/04/1791' does not parse as a date" in result.output
    assert deck.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "written",
    ["July 14, 1789 BC", "before 14 July 1789", "after July 1789", "c. 1789", "circa July 1789"],
)
def test_add_keeps_a_date_whose_other_words_change_it(deck: Path, written: str) -> None:
    """A written date is stored as ISO only when nothing but the date is written: an era,
    'before' or 'about' would be lost, so the deck's check asks for ISO instead."""
    before = deck.read_text(encoding="utf-8")
    result = run("add", str(deck), "--kind", "date", "--prompt", "When?", "--answer", written)
    assert result.exit_code == 2 and "does not parse as a date" in result.output
    assert deck.read_text(encoding="utf-8") == before


def test_add_takes_a_date_with_its_weekday_and_short_month(deck: Path) -> None:
    result = run("add", str(deck), "--kind", "date", "--id", "d", "--prompt", "When?",
                 "--answer", "Tuesday, Sept. 14th, 1790")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert cards_of(deck)["d"].answers[0] == "1790-09-14"


def test_a_cloze_date_blank_keeps_an_era(deck: Path) -> None:
    prompt = "Caesar died on {{date:15 March 1044 BC}}."
    run("add", str(deck), "--kind", "cloze", "--prompt", prompt)
    assert "1044-03-15" not in deck.read_text(encoding="utf-8")


def test_add_stores_a_cloze_date_blank_as_iso(deck: Path) -> None:
    prompt = "The flight to Varennes ended on {{date:21 June 1791|June 22, 1791}} at {{Varennes}}."
    result = run("add", str(deck), "--kind", "cloze", "--id", "varennes", "--prompt", prompt)
    assert result.exit_code == 0, result.output
    assert "{{date:1791-06-21|1791-06-22}} at {{Varennes}}" in deck.read_text(encoding="utf-8")
    assert cards_of(deck)["varennes"].answers == ("1791-06-21", "Varennes")


def test_add_gives_fresh_ids(deck: Path) -> None:
    for _ in range(3):
        assert (
            run("add", str(deck), "--prompt", "Capital of Peru?", "--answer", "Lima").exit_code == 0
        )
    ids = list(cards_of(deck))
    assert ids[1:] == ["capital-peru", "capital-peru-2", "capital-peru-3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "date", "--prompt", "When?", "--answer", "the Ides of March"],
         "new card 'when': date answer 'the Ides of March' does not parse as a date"),
        (["--kind", "choice", "--prompt", "Ocean?", "--answer", "Pacific", "--choice", "Indian"],
         "the answer 'Pacific' is not one of the choices"),
        (["--kind", "choice", "--prompt", "Ocean?", "--answer", "Pacific"],
         "a choice card needs 'choices'"),
        (["--kind", "cloze", "--prompt", "No blanks here"], "needs at least one {{blank}}"),
        (["--prompt", "Capital?", "--answer", "Lima", "--id", "example-capital"],
         "card id 'example-capital' is already used (line 18)"),
        (["--prompt", "Capital?", "--answer", "Lima", "--id", "Bad Id"],
         "must be lowercase letters"),
        (["--prompt", "Capital?"], "give the answer with --answer"),
        (["--kind", "order", "--prompt", "Order", "--answer", "one"], "at least two items"),
    ],
)  # fmt: skip
def test_add_refuses_an_invalid_card_and_writes_nothing(
    deck: Path, args: list[str], message: str
) -> None:
    before = deck.read_bytes()
    result = run("add", str(deck), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert deck.read_bytes() == before
    assert leftovers(deck.parent) == []


def test_add_names_the_problem_line_of_a_broken_deck(deck: Path) -> None:
    text = deck.read_text(encoding="utf-8").replace('kind = "text"', 'kind = "txt"')
    deck.write_text(text, encoding="utf-8")
    result = run("add", str(deck), "--prompt", "Capital?", "--answer", "Lima")
    assert result.exit_code == 1
    assert "roman-history.toml:19:1: unknown kind 'txt' (did you mean 'text'?)" in result.output
    assert deck.read_text(encoding="utf-8") == text


def test_add_to_a_file_that_is_not_toml(folder: Path) -> None:
    path = folder / "broken.toml"
    path.write_text('[deck]\nid = "x"\ntitle = \n', encoding="utf-8")
    result = run("add", str(path), "--prompt", "Capital?", "--answer", "Lima")
    assert result.exit_code == 1
    assert "broken.toml:3" in result.output and "TOML syntax error" in result.output
    assert "Traceback" not in result.output


def test_add_to_a_deck_without_cards(folder: Path) -> None:
    path = folder / "empty.toml"
    path.write_text('# my deck\n[deck]\nid = "empty"\ntitle = "Empty"', encoding="utf-8")
    result = run("add", str(path), "--prompt", "Capital?", "--answer", "Lima")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        '# my deck\n[deck]\nid = "empty"\ntitle = "Empty"\n\n[[card]]\nid = "capital"\n'
        'kind = "text"\nprompt = "Capital?"\nanswer = "Lima"\n'
    )


def test_add_to_a_missing_file_is_a_usage_error(folder: Path) -> None:
    result = run("add", "nowhere.toml", "--prompt", "Capital?", "--answer", "Lima")
    assert result.exit_code == 2
    assert "nowhere.toml" in result.output


def test_add_without_a_terminal_asks_for_options(deck: Path) -> None:
    result = run("add", str(deck))
    assert result.exit_code == 2
    assert "--prompt" in result.output


def test_append_checks_before_replacing(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The deck is checked on the temporary file; the rename happens only after."""
    calls: list[str] = []
    real_check = check_deck_file  # what authoring imported
    real_replace = os.replace

    def check(path: Path) -> tuple[Deck | None, list[Problem]]:
        calls.append(f"check {path.name}")
        assert path != deck
        return real_check(path)

    def replace(source: str | Path, target: str | Path) -> None:
        if not Path(target).name.startswith("."):  # not a temporary file's own rename
            calls.append(f"replace {Path(target).name}")
        real_replace(source, target)

    monkeypatch.setattr(authoring, "check_deck_file", check)
    monkeypatch.setattr(os, "replace", replace)  # the os module quizdeck.files calls
    append_cards(deck, [CardDraft(Kind.TEXT, "Capital?", "Lima", id="capital")])
    assert calls[-1] == "replace roman-history.toml"
    assert calls[0].startswith("check .roman-history.toml.")


def test_new_deck_text_for_import_has_no_cards() -> None:
    text = new_deck_text("imported", "Imported", example=False)
    assert "[[card]]" not in text.replace("# [[card]]", "")
    assert '[deck]\nid = "imported"' in text


# --- the wizard --------------------------------------------------------------------------


@pytest.fixture
def wizard(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("quizdeck.commands.teacher._interactive", lambda: True)
    yield


def answer_wizard(deck: Path, keys: Sequence[str]) -> Result:
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(main, ["add", str(deck)])


@pytest.mark.usefixtures("wizard")
def test_wizard_adds_a_number_card(deck: Path) -> None:
    before = deck.read_text(encoding="utf-8")
    result = answer_wizard(
        deck,
        [
            DOWN * 2 + "\r",  # kind: number
            "How many kings did Rome have?\r",
            "seven\r",  # refused: digits please
            CLEAR + "7\r",
            "The traditional list.\r",
            "2\r",
            "kings, early rome\r",
            "\r",  # the proposed id
            "\r",  # add it
            "\r",  # no other card
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Added 'many-kings-rome'" in result.output
    after = deck.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :] == (
        '\n[[card]]\nid = "many-kings-rome"\nkind = "number"\n'
        'prompt = "How many kings did Rome have?"\nanswer = 7\n'
        'explanation = "The traditional list."\nsource = 2\ntags = ["kings", "early rome"]\n'
    )


@pytest.mark.usefixtures("wizard")
def test_wizard_takes_written_dates(deck: Path) -> None:
    result = answer_wizard(
        deck,
        [
            DOWN * 4 + "\r",  # kind: date
            "When did the flight to Varennes begin?\r",
            "20 June 1791\r",
            "\r",  # no explanation
            "\r",  # no source
            "\r",  # no tags
            "\r",  # the proposed id
            "\r",  # add it
            "\r",  # no other card
        ],
    )
    assert result.exit_code == 0, result.output
    assert 'answer = "1791-06-20"' in deck.read_text(encoding="utf-8")


@pytest.mark.usefixtures("wizard")
def test_wizard_adds_several_kinds(deck: Path) -> None:
    result = answer_wizard(
        deck,
        [
            DOWN * 5 + "\r",  # choice
            "Largest ocean?\r",
            "Pacific\r",
            "Atlantic | Indian | Arctic\r",
            "\r\r\r",  # no explanation, source, tags
            CLEAR + "ocean\r",
            "\r",  # add
            "y",  # another
            DOWN * 7 + "\r",  # order
            "Put the periods in order\r",
            "Kings | Republic | Empire\r",
            "\r\r\r\r\r",
            "y",
            DOWN * 6 + "\r",  # truefalse
            "Rome was founded in 1453.\r",
            DOWN + "\r",  # false
            "It was founded in 753 BC.\r",
            "\r\r\r\r\r",
            "y",
            DOWN * 8 + "\r",  # cloze
            "Rome was founded in {{year:753}} BC.\r",
            "\r\r\r\r\r",
            "n",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "4 card(s) added" in result.output
    cards = cards_of(deck)
    assert cards["ocean"].choices == ("Pacific", "Atlantic", "Indian", "Arctic")
    assert cards["put-periods-order"].answers == ("Kings", "Republic", "Empire")
    assert cards["rome-founded-1453"].correction == "It was founded in 753 BC."
    assert cards["rome-founded-753-bc"].answers == ("753",)


@pytest.mark.usefixtures("wizard")
def test_wizard_previews_automatic_distractors(deck: Path) -> None:
    for city in ("Lima", "Quito", "Bogota", "Santiago"):
        assert (
            run("add", str(deck), "--prompt", f"Capital {city}?", "--answer", city).exit_code == 0
        )
    result = answer_wizard(
        deck,
        [DOWN * 5 + "\r", "Capital of Peru?\r", "Lima\r", "auto\r", "\r\r\r\r", "\r", "\r"],
    )
    assert result.exit_code == 0, result.output
    assert "Wrong options a student might see:" in result.output
    assert 'distractors = "auto"' in deck.read_text(encoding="utf-8")


@pytest.mark.usefixtures("wizard")
def test_wizard_ctrl_c_writes_nothing(deck: Path) -> None:
    before = deck.read_bytes()
    result = answer_wizard(deck, ["\r", "Capital of Peru?\r", "\x03"])
    assert result.exit_code == 130
    assert "nothing" in result.output or "not written" in result.output
    assert deck.read_bytes() == before
    assert leftovers(deck.parent) == []


@pytest.mark.usefixtures("wizard")
def test_wizard_can_decline_a_card(deck: Path) -> None:
    before = deck.read_bytes()
    result = answer_wizard(
        deck, ["\r", "Capital of Peru?\r", "Lima\r", "\r", "\r\r\r", "\r", "n", "\r"]
    )
    assert result.exit_code == 0, result.output
    assert "Not added." in result.output
    assert deck.read_bytes() == before


@pytest.mark.usefixtures("wizard")
def test_wizard_refuses_a_used_id(deck: Path) -> None:
    result = answer_wizard(
        deck,
        ["\r", "Capital of Peru?\r", "Lima\r", "\r", "\r\r\r",
         CLEAR + "example-capital\r", CLEAR + "peru\r", "\r", "\r"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "peru" in cards_of(deck)


def test_writing_keeps_the_file_permissions(deck: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert deck.stat().st_mode & 0o777 == 0o666 & ~umask
    deck.chmod(0o640)
    assert run("add", str(deck), "--prompt", "Capital?", "--answer", "Lima").exit_code == 0
    assert deck.stat().st_mode & 0o777 == 0o640
