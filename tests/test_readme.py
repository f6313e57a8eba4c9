"""The README's deck example is a valid deck, and its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import click

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


def _examples() -> list[list[str]]:
    """Every ``quiz ...`` line of the README's shell examples, split into words."""
    import shlex

    text = README.read_text(encoding="utf-8")
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    lines = re.findall(r"^quiz (.*)$", shell, re.MULTILINE)
    return [shlex.split(line.split(" #", 1)[0].split("&&", 1)[0]) for line in lines]


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


def test_readme_examples_parse() -> None:
    """Every example's arguments are accepted by its command's parser."""
    for words in _examples():
        command, rest = _command_of(words)
        context = command.make_context(command.name, list(rest), resilient_parsing=True)
        assert context.command is command
