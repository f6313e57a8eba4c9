"""Countries: their other names, and the adjective or people that may stand for them."""

from __future__ import annotations

import re

from quizdeck.grading.text import normalize

#: country → (other names, adjectives and peoples). Names are compared after normalize.
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "iran": (("islamic republic of iran", "persia"), ("iranian", "iranians", "persian")),
    "iraq": (("republic of iraq", "irak"), ("iraqi", "iraqis")),
    "united states": (
        ("us", "usa", "america", "united states of america", "the states"),
        ("american", "americans"),
    ),
    "united arab emirates": (("uae", "emirates"), ("emirati", "emiratis")),
    "tunisia": ((), ("tunisian", "tunisians")),
    "lebanon": (("lebanese republic",), ("lebanese",)),
    "syria": (("syrian arab republic",), ("syrian", "syrians")),
    "turkey": (("turkiye",), ("turkish", "turk", "turks")),
    "saudi arabia": (("ksa", "kingdom of saudi arabia"), ("saudi", "saudis", "saudi arabian")),
    "israel": ((), ("israeli", "israelis")),
    "egypt": ((), ("egyptian", "egyptians")),
    "jordan": ((), ("jordanian", "jordanians")),
    "kuwait": ((), ("kuwaiti", "kuwaitis")),
    "qatar": ((), ("qatari", "qataris")),
    "bahrain": ((), ("bahraini", "bahrainis")),
    "yemen": ((), ("yemeni", "yemenis")),
    "oman": ((), ("omani", "omanis")),
    "russia": (("russian federation",), ("russian", "russians")),
    "china": ((), ("chinese",)),
    "united kingdom": (("uk", "britain", "great britain"), ("british", "briton", "britons")),
    "france": ((), ("french",)),
    "germany": ((), ("german", "germans")),
    "afghanistan": ((), ("afghan", "afghans")),
    "pakistan": ((), ("pakistani", "pakistanis")),
}

_BY_NAME = {
    name: country for country, (names, _) in COUNTRIES.items() for name in (country, *names)
}
_BY_PEOPLE = {word: country for country, (_, people) in COUNTRIES.items() for word in people}
_ASKS_COUNTRY = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?countr(?:y|ies)\b", re.IGNORECASE)


def country_named(text: str) -> str | None:
    """The country an answer names ("the USA" → "united states"), or None."""
    return _BY_NAME.get(normalize(text))


def country_of_people(text: str) -> str | None:
    """The country whose adjective or people an answer is ("Iranians" → "iran"), or None."""
    return _BY_PEOPLE.get(normalize(text))


def asks_for_country(prompt: str) -> bool:
    """Whether a question asks "which country"."""
    return bool(_ASKS_COUNTRY.search(prompt))


def is_country(text: str) -> bool:
    """Whether a text is a country's name (any of its names)."""
    return normalize(text) in _BY_NAME
