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
    "egypt": (("misr",), ("egyptian", "egyptians")),
    "jordan": ((), ("jordanian", "jordanians")),
    "kuwait": ((), ("kuwaiti", "kuwaitis")),
    "qatar": ((), ("qatari", "qataris")),
    "bahrain": ((), ("bahraini", "bahrainis")),
    "yemen": ((), ("yemeni", "yemenis")),
    "oman": ((), ("omani", "omanis")),
    "russia": (("russian federation", "rossiya"), ("russian", "russians")),
    "china": (("zhongguo",), ("chinese",)),
    "united kingdom": (("uk", "britain", "great britain"), ("british", "briton", "britons")),
    "france": ((), ("french",)),
    "germany": (("deutschland",), ("german", "germans")),
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


#: The world's other countries, a country's other names after "|" (its own-language name among
#: them, in Latin letters as normalize writes it: "Espana" for España): entities an answer may
#: name.
_MORE_COUNTRIES = (
    "Albania|Shqiperia;Algeria;Andorra;Angola;Argentina;Armenia|Hayastan;Australia;"
    "Austria|Osterreich;Azerbaijan;Bahamas;Bangladesh;Barbados;Belarus;Belgium|Belgique|Belgie;"
    "Belize;Benin;Bhutan;Bolivia;Bosnia;Botswana;Brazil|Brasil;Brunei;Bulgaria;Burkina Faso;"
    "Burundi;Cambodia;Cameroon;Canada;Chad;Chile;Colombia;Comoros;Congo;Costa Rica;"
    "Croatia|Hrvatska;Cuba;Cyprus;Czechia|Czech Republic|Cesko|Ceska republika;Czechoslovakia;"
    "Denmark|Danmark;Djibouti;Dominica;Ecuador;Eritrea;Estonia|Eesti;Eswatini;Ethiopia;Fiji;"
    "Finland|Suomi;Gabon;Gambia;Georgia|Sakartvelo;Ghana;Greece|Hellas|Ellada;Grenada;"
    "Guatemala;Guinea;Guyana;Haiti;Honduras;Hungary|Magyarorszag;Iceland;India|Bharat;"
    "Indonesia;Ireland|Eire;Italy|Italia;Jamaica;Japan|Nippon|Nihon;Kazakhstan;Kenya;Kiribati;"
    "Kosovo;Kyrgyzstan;Laos;Latvia|Latvija;Lesotho;Liberia;Libya;Liechtenstein;"
    "Lithuania|Lietuva;Luxembourg;Madagascar;Malawi;Malaysia;Maldives;Mali;Malta;Mauritania;"
    "Mauritius;Mexico|Mejico;Micronesia;Moldova;Monaco;Mongolia;Montenegro;Morocco;Mozambique;"
    "Myanmar|Burma;Namibia;Nauru;Nepal;Netherlands|Holland|Nederland;New Zealand;Nicaragua;"
    "Niger;Nigeria;North Korea;North Macedonia;Norway|Norge|Noreg;Palau;Palestine;Panama;"
    "Papua New Guinea;Paraguay;Peru;Philippines;Poland|Polska;Portugal;Prussia;Romania;Rwanda;"
    "Samoa;San Marino;Senegal;Serbia|Srbija;Seychelles;Sierra Leone;Singapore;Slovakia;"
    "Slovenia|Slovenija;Somalia;South Africa;South Korea|Hanguk;South Sudan;Soviet Union|USSR;"
    "Spain|Espana;Sri Lanka;Sudan;Suriname;Sweden|Sverige;"
    "Switzerland|Schweiz|Suisse|Svizzera|Helvetia;Taiwan;Tajikistan;Tanzania;Thailand;Togo;"
    "Tonga;Trinidad;Turkmenistan;Tuvalu;Uganda;Ukraine;Uruguay;Uzbekistan;Vanuatu;Vatican;"
    "Venezuela;Vietnam;Yugoslavia;Zambia;Zimbabwe"
)
#: Every country as the names of one entity (see :mod:`.claims`).
COUNTRY_NAMES: tuple[tuple[str, ...], ...] = (
    *((country, *names) for country, (names, _) in COUNTRIES.items()),
    *(tuple(entry.split("|")) for entry in _MORE_COUNTRIES.split(";")),
)
