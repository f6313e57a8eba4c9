"""What a student says around a right answer (issue 24): the grader reads it by principle.

Each class the bundled decks' long ``accept`` lists used to cover, with the false accepts that
the same rule must not open. The cards are made up here (``quiz check --kind``), so that the
rule, not a deck's accept list, is what is tested.
"""

from __future__ import annotations

import pytest

from quizdeck.kinds import grade_answer
from quizdeck.model import Kind

Case = tuple[Kind, list[str], str, str]

RIGHT: list[Case] = [
    # possessive pronouns, and the verbs and phrase starts that frame an answer
    (Kind.TEXT, ["his popularity", "support"], "his support", ""),
    (Kind.TEXT, ["their influence", "clout"], "their clout", ""),
    (Kind.TEXT, ["his support"], "public support", ""),
    (Kind.TEXT, ["fine"], "I am fine", ""),
    (Kind.TEXT, ["fine"], "he was fine", ""),
    (Kind.TEXT, ["I am OK"], "I'm OK", ""),
    (Kind.TEXT, ["he will not"], "almost certain he won't", ""),
    (Kind.TEXT, ["Sunni"], "among Sunnis", ""),
    (Kind.TEXT, ["fraudulent"], "as fraudulent", ""),
    (Kind.TEXT, ["revenge"], "seek revenge", ""),
    # adverbs and plain adjectives describe; they do not change the answer
    (Kind.TEXT, ["unlikely"], "highly unlikely", ""),
    (Kind.TEXT, ["prime minister"], "the current prime minister", ""),
    (Kind.TEXT, ["majority"], "a parliamentary majority", ""),
    (Kind.TEXT, ["majority"], "a comfortable majority", ""),
    (Kind.TEXT, ["army"], "the national army", ""),
    (Kind.TEXT, ["popularity"], "more popularity", ""),
    (Kind.TEXT, ["days"], "only days before", ""),
    # a word in another form: inflection, suffix, British or American spelling
    (Kind.TEXT, ["oust Kadhimi"], "ousting Kadhimi", ""),
    (Kind.TEXT, ["punishment"], "anyone being punished", ""),
    (Kind.TEXT, ["accountable"], "to hold the killers to account", ""),
    (Kind.TEXT, ["people who criticised Iran"], "anyone who criticized Iran", ""),
    (Kind.TEXT, ["the region's security services"], "regional security services", ""),
    # "not likely" says "unlikely"; "almost" keeps a negative answer negative
    (Kind.TEXT, ["unlikely"], "not at all likely", ""),
    (Kind.TEXT, ["no chance"], "almost no chance", ""),
    (Kind.TEXT, ["accountability"], "no accountability", "It passed without what?"),
    # "one" after a describing word is a pronoun, not a number
    (Kind.TEXT, ["international"], "an international one", ""),
    (Kind.TEXT, ["weak"], "a weak one", ""),
    # a possessive 's is an owner, not a typo; the card's own country or person may own
    (Kind.TEXT, ["the Iraqi military", "army"], "Iraq's army", ""),
    (Kind.TEXT, ["his popularity"], "Kadhimi's popularity", ""),
    (Kind.TEXT, ["his popularity"], "the Prime Minister's popularity", ""),
    (Kind.TEXT, ["Iranian proxies"], "Iran's proxies", ""),
    (Kind.TEXT, ["critics of Iran"], "critics of Iranian influence", ""),
    # a country adjective of the card's own answer may be left out or said another way
    (Kind.TEXT, ["Iraqi citizens"], "ordinary citizens", ""),
    (Kind.TEXT, ["Iraqi people"], "the people of Iraq", ""),
    (Kind.TEXT, ["US invasion of 2003", "US-led invasion"], "the 2003 US-led invasion", ""),
    (Kind.TEXT, ["US invasion of 2003", "US invasion"], "the invasion", ""),
    # another country placing a thing the answer qualifies
    (Kind.TEXT, ["the US"], "US troops in Iraq", "Against what were the missiles to be used?"),
    (Kind.TEXT, ["the US"], "the US-led forces", ""),
    (Kind.PERSON, ["Joe Biden", "Biden"], "Joe Biden", ""),
]

WRONG: list[Case] = [
    # a negating noun or verb before the answer denies it
    (Kind.TEXT, ["support"], "a loss of support", ""),
    (Kind.TEXT, ["support"], "a lack of support", ""),
    (Kind.TEXT, ["support"], "the absence of support", ""),
    (Kind.TEXT, ["support"], "no support", ""),
    (Kind.TEXT, ["popularity"], "less popularity", ""),
    (Kind.TEXT, ["unlikely"], "not unlikely", ""),
    (Kind.TEXT, ["no chance"], "not no chance", ""),
    (Kind.TEXT, ["intelligence chief"], "no intelligence chief", "He had no other post?"),
    # a possessive pronoun only where the card's answers speak of what someone has
    (Kind.TEXT, ["a popularity boost", "popularity"], "his popularity", ""),
    # a country's adjective is another entity, not a describing word
    (Kind.TEXT, ["army"], "the Iranian army", ""),
    (Kind.TEXT, ["army"], "the iranian army", ""),
    (Kind.TEXT, ["the Iraqi military", "army"], "the Iranian army", ""),
    (Kind.TEXT, ["the Iraqi military", "military"], "the military of Iran", ""),
    (Kind.TEXT, ["Iraqi people"], "Iranian people", ""),
    (Kind.TEXT, ["Iran"], "Iranian", ""),
    (Kind.TEXT, ["Iran"], "Iran in Syria", ""),
    # words that weaken or move the answer elsewhere still change it
    (Kind.TEXT, ["majority"], "a weak majority", ""),
    (Kind.TEXT, ["prime minister"], "former prime minister", ""),
    (Kind.TEXT, ["investigations"], "international investigation", ""),
    # an owner in place of the head of "critics of Iran" (with a glossary, see the traps)
    (Kind.TEXT, ["critics of Iran", "Iran's critics"], "Iran's supporters", ""),
    # a family name alone does not let any given name pass
    (Kind.PERSON, ["Joe Biden", "Biden"], "Hunter Biden", ""),
    (Kind.PERSON, ["Biden"], "Hunter Biden", ""),
    # a number stays a number
    (Kind.TEXT, ["second term"], "a third term", ""),
    (Kind.TEXT, ["drone"], "one drone", "How many drones?"),
]


@pytest.mark.parametrize(("kind", "answers", "given", "prompt"), RIGHT)
def test_context_around_a_right_answer_is_fine(
    kind: Kind, answers: list[str], given: str, prompt: str
) -> None:
    result = grade_answer(kind, answers, given, prompt=prompt)
    assert result.correct and result.score == 1.0, result.reason


@pytest.mark.parametrize(("kind", "answers", "given", "prompt"), WRONG)
def test_what_contradicts_the_answer_is_wrong(
    kind: Kind, answers: list[str], given: str, prompt: str
) -> None:
    result = grade_answer(kind, answers, given, prompt=prompt)
    assert not result.correct, result.reason


def test_a_possessive_is_no_typo() -> None:
    result = grade_answer(Kind.TEXT, ["the Iraqi military", "army"], "Iraq's army")
    assert result.score == 1.0, result.reason


def test_a_choice_may_start_with_an_article() -> None:
    options = ["UAE and Tunisia", "Jordan and Kuwait"]
    result = grade_answer(Kind.CHOICE, ["UAE and Tunisia"], "the UAE and Tunisia", choices=options)
    assert result.correct
