"""The README's deck example is a valid deck, and its `quiz ...` examples parse for real."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_deck_example_validates(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    assert blocks, "README has no TOML example"
    path = tmp_path / "example.toml"
    path.write_text(blocks[0], encoding="utf-8")
    deck, problems = check_deck_file(path)
    assert [str(problem) for problem in problems] == []
    assert deck is not None
    kinds = {card.kind.value for card in deck.cards}
    assert len(kinds) >= 8, kinds


def test_readme_names_only_real_commands() -> None:
    text = README.read_text(encoding="utf-8")
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    named = set(re.findall(r"^quiz ([a-z]+)", shell, re.MULTILINE))
    known = set(main.list_commands(click.Context(main)))
    assert named, "README shows no commands"
    assert named <= known, f"README shows commands that do not exist: {sorted(named - known)}"
    assert known <= named, f"README has no example of: {sorted(known - named)}"


def shell_examples(text: str) -> list[list[str]]:
    """Every ``quiz ...`` line of a README's shell examples, split into words (a trailing
    ``# comment`` and anything after ``&&`` left out)."""
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    lines = re.findall(r"^quiz (.*)$", shell, re.MULTILINE)
    return [shlex.split(line.split(" #", 1)[0].split("&&", 1)[0]) for line in lines]


def _examples() -> list[list[str]]:
    return shell_examples(README.read_text(encoding="utf-8"))


def _command_of(words: list[str]) -> tuple[click.Command, list[str]]:
    """The (sub)command an example runs, and the words left for it."""
    command: click.Command = main
    context = click.Context(main)
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        found = command.get_command(context, words[0])
        assert found is not None, f"no command {words[0]!r}"
        command, words = found, words[1:]
    return command, words


def test_readme_examples_use_only_real_options() -> None:
    """Every option an example uses is one its command's --help lists (docs cannot drift)."""
    checked = 0
    for words in _examples():
        command, rest = _command_of(words)
        known = {name for param in command.params for name in param.opts + param.secondary_opts}
        known |= {"--help", "-h"}
        for word in rest:
            option = word.split("=", 1)[0]
            if option.startswith("-") and option != "-":
                assert option in known, f"'quiz {' '.join(words)}': {option} is not an option"
                checked += 1
    assert checked > 10


def _all_commands(command: click.Command = main) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            found = command.get_command(context, name)
            assert found is not None
            yield from _all_commands(found)


@pytest.fixture
def files_need_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files an example names are the reader's (``quiz add my-deck.toml``): a path must
    still convert (a file where a file is wanted...), but need not exist here."""
    for command in _all_commands():
        for param in command.params:
            if isinstance(param.type, click.Path):
                monkeypatch.setattr(param.type, "exists", False)


def parse_example(words: list[str]) -> None:
    """Parse ``quiz <words>`` as click does before running a command, without running it:
    raise click's error if a command or an option is unknown, a value does not convert
    with its option's or argument's type (or its check), or the arguments do not count right.
    """
    command: click.Command = main
    name, parent = "quiz", None
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        parent = click.Context(command, info_name=name, parent=parent, **command.context_settings)
        found_name, found, words = command.resolve_command(parent, words)  # or "No such command"
        assert found is not None and found_name is not None
        name, command = found_name, found
    try:
        command.make_context(name, list(words), parent=parent)
    except click.exceptions.Exit as done:  # --help or --version: parsed, and nothing to run
        assert done.exit_code == 0


def refusal(words: list[str]) -> str | None:
    """Why click refuses ``quiz <words>``; None if it accepts it."""
    try:
        parse_example(words)
    except click.ClickException as error:
        return error.format_message()
    return None


@pytest.mark.usefixtures("files_need_not_exist")
def test_readme_examples_parse() -> None:
    """Every example is accepted by its command's parser: its options exist, their values and
    the arguments convert with their click types, and the arguments count right."""
    examples = _examples()
    refused = {" ".join(words): refusal(words) for words in examples}
    assert {example: why for example, why in refused.items() if why} == {}
    assert len(examples) > 20


#: Examples click refuses, each with a pattern its reason matches (click words them a little
#: differently from version to version).
BAD_EXAMPLES = {
    "exam --count abc": r"'abc' is not a valid integer",
    "start --nope": r"No such option.*--nope",
    "start --new -1": r"-1 is not in the range",
    "exam --time-limit": r"'--time-limit' requires an argument",
    "bury people": r"Missing argument 'CARD'",
    "report --format html": r"Missing argument 'FILES...'",
    "source groups 10 more": r"unexpected extra argument \(more\)",
    "start --profile 'no way'": r"'no way' is not a profile name",
    "export --format yaml": r"'yaml' is not one of",
    "progress import x.json": r"(?i)no such command 'import'",
    "frobnicate": r"(?i)no such command 'frobnicate'",
}
GOOD_EXAMPLES = ["exam --count 20", "add my-deck.toml --prompt Q? --answer A", "validate -h"]


@pytest.mark.usefixtures("files_need_not_exist")
def test_a_bad_example_is_refused() -> None:
    """The README check can fail: each bad example in a README is refused, for its reason."""
    lines = [f"quiz {example}  # an example" for example in [*GOOD_EXAMPLES, *BAD_EXAMPLES]]
    readme = "Prose.\n\n```sh\n" + "\n".join(lines) + "\n```\n"
    refused = {" ".join(words): refusal(words) for words in shell_examples(readme)}
    assert len(refused) == len(GOOD_EXAMPLES) + len(BAD_EXAMPLES)
    for example in GOOD_EXAMPLES:
        assert refused[example] is None, example
    for example, reason in BAD_EXAMPLES.items():
        why = refused[" ".join(shlex.split(example))]
        assert why is not None and re.search(reason, why), (example, why)


def test_resilient_parsing_let_bad_examples_through() -> None:
    """Why the check parses for real: click's resilient parsing accepts what the shell refuses."""
    for words in (["exam", "--count", "abc"], ["start", "--nope"]):
        command, rest = _command_of(words)
        command.make_context(command.name, rest, resilient_parsing=True)  # no error
        assert refusal(words) is not None
