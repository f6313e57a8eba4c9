"""Word parts that carry the meaning: a slip there makes another word, not a typo.

A typo is forgiven by how many letters differ (see :func:`.text.word_level`). But where two
words differ exactly in a part that means something, the student wrote the other word: an
opposite prefix ("hypotension" for "hypertension", "exothermic" for "endothermic",
"microeconomics" for "macroeconomics"), another colour prefix ("chromoplast" for "chloroplast"),
or another chemical or biological ending ("chlorine" for "chloride", "nitrite" for "nitrate",
"ethene" for "ethane", "lactose" for "lactase"). Each group below lists parts that replace each
other; a word of the answer that starts (or ends) with one part is never matched by a slip that
starts (or ends) with another part of its group.

An anion's name after an element's makes a compound (:func:`names_compound`): "carbon dioxide"
is not carbon.
"""

from __future__ import annotations

#: Prefixes that stand in each other's place with another meaning, longest first in a group.
PREFIX_GROUPS: tuple[tuple[str, ...], ...] = (
    ("hyper", "hypo"),
    ("endo", "exo", "ecto"),
    ("macro", "micro"),
    ("inter", "intra"),
    ("hetero", "homo"),
    ("super", "sub"),
    ("anti", "ante"),
    ("pre", "post"),
    ("chloro", "chromo", "cyano", "erythro", "leuko", "leuco", "melano", "xantho"),
    ("mono", "di", "tri", "tetra", "penta", "hexa", "poly"),
    ("uni", "bi", "tri", "multi"),
    ("hydro", "hygro", "hypno"),
    ("photo", "phono"),
    ("thermo", "hydro"),
    ("geo", "helio"),
)
#: Endings that stand in each other's place with another meaning.
SUFFIX_GROUPS: tuple[tuple[str, ...], ...] = (
    ("ide", "ine", "ite", "ate", "ium", "ic", "ous"),  # chloride, chlorine, chlorite, chlorate
    ("ane", "ene", "yne"),  # ethane, ethene, ethyne
    ("anol", "anal"),  # ethanol, ethanal
    ("ase", "ose"),  # lactase (an enzyme), lactose (a sugar)
    ("itis", "osis", "oma"),  # arthritis, arthrosis; fibrosis, fibroma
    ("cyte", "blast", "clast"),  # osteocyte, osteoblast, osteoclast
    ("philic", "phobic"),
    ("trophic", "tropic"),
)


def _part(word: str, group: tuple[str, ...], *, start: bool) -> str:
    """The longest part of ``group`` that ``word`` starts (or ends) with, leaving a stem."""
    found = [
        part
        for part in group
        if len(word) > len(part) + 2 and (word.startswith(part) if start else word.endswith(part))
    ]
    return max(found, key=len, default="")


def other_part(expected: str, given: str) -> bool:
    """Whether ``given`` swaps a meaningful prefix or ending of ``expected`` for another.

    Both words are normalized (lower case). "chlorine" for "chloride" and "hypothermia" for
    "hyperthermia" are other words; "chlorid" for "chloride" is a slip, not another part.
    """
    for group in PREFIX_GROUPS:
        mine, theirs = _part(expected, group, start=True), _part(given, group, start=True)
        if mine and theirs and mine != theirs:
            return True
    for group in SUFFIX_GROUPS:
        mine, theirs = _part(expected, group, start=False), _part(given, group, start=False)
        if mine and theirs and mine != theirs:
            return True
    return False


#: Stems of the names of anions: with "-ide", "-ate" or "-ite" each names a compound's part.
_ANION_STEMS = (
    "ox",
    "diox",
    "monox",
    "triox",
    "perox",
    "hydrox",
    "chlor",
    "fluor",
    "brom",
    "iod",
    "sulf",
    "sulph",
    "nitr",
    "phosph",
    "carbon",
    "bicarbon",
    "hydr",
    "cyan",
    "carb",
    "silic",
    "acet",
    "chrom",
    "permangan",
    "sil",
    "bor",
    "arsen",
    "selen",
)
_ANION_ENDINGS = ("ide", "ate", "ite")


def names_compound(word: str) -> bool:
    """Whether a word after an element's name makes it a compound: "carbon dioxide", "sodium
    chloride", "copper sulfate" are other substances than carbon, sodium or copper."""
    return word.endswith(_ANION_ENDINGS) and word[:-3] in _ANION_STEMS
