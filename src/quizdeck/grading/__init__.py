"""Answer checking: is what the student gave right, nearly right, or wrong?

Every public function here takes any string without raising; an empty or
unreadable answer is simply wrong (score 0).

How each kind is graded:

``text``
    Compared after :func:`normalize` (case, punctuation, hyphens, a leading
    article and diacritics do not matter) and then word by word on a
    *spelling key* that folds the usual ways of writing Arabic and Persian
    names in Latin letters: no al-/el- prefix, apostrophes and ʿ dropped,
    doubled letters single, ``dh``/``zh``→``z``, ``q``/``gh``→``k``,
    ``ou``/``oo``/``o``→``u``, ``e`` matching ``a`` or ``i``, ``ei``/``ay``→``ai``,
    ``abdul``→``abd``, ``ibn``/``ben``→``bin``. No other consonants are merged,
    so Iran and Iraq stay apart. Beyond that, typos are forgiven per word by
    length (see :func:`typo_allowance`): none under 5 letters or in a word with
    digits, one edit up to 8 letters, two beyond. Edits are Levenshtein edits
    plus transpositions (rapidfuzz's OSA distance), counted on the spelling
    keys or on the plain words, whichever is fewer; so "Malki" for "Maliki" is
    a typo. A typo costs a little (score :data:`TYPO_SCORE`, note
    :data:`NOTE_TYPO`); one edit more is wrong, noted :data:`NOTE_CLOSE`.
    Every word must match, in order: an answer with a word missing is wrong
    ("Hezbollah" for "Kataib Hezbollah", noted :data:`NOTE_PART`), and so is
    a word with two or more letters added at one end (Sulaymaniyah for
    Sulaimani, Kadhimiya for Kadhimi).
``person``
    As ``text``; the family name alone is also right. The family name is the
    last word (with its al-), or the last two when they form an ``Abdul X``
    name ("Abdul Mehdi"). "Last, First" is read as "First Last".
``number``
    The one number in the answer, written in digits ("1,200", "1.5 million")
    or words ("forty-eight", "one thousand two hundred"), other words ignored.
    "Fourty", "a dozen", "600k", "600 000" and a lone Roman numeral ("XIV") are
    read, and a decimal comma on a decimal card ("9,58"); an ordinal word
    ("thirteenth") where the question asks for a rank. No tolerance; two
    different numbers in one answer is wrong, and so is a number denied ("not
    three"), a bound ("more than three") or a unit the question does not ask
    for ("50 yards" for "how many metres"; see :mod:`.units`).
``year``
    Exactly the year, as a number ("in 2014"), in words ("nineteen eighty-four"),
    in Roman numerals or inside a date; "14" is wrong, and so is "not 2014",
    "before 2014", or "2014 BC" where the question counts years AD.
``date``
    See :func:`parse_date`; also ordinal day words ("the fourteenth of July"),
    German "14.7." and a two-digit year in the century of the card's date
    ("9/11/89" on a card dated 1989-11-09). Compared at the precision of the
    expected value; a less precise answer is wrong ("which day?"), a more
    precise one is right
    when it falls inside the expected month or year. A full date takes the
    day and month alone when the card's prompt does not ask for the year.
``choice``
    The option text, ignoring case and spacing; or its number (1-based) or
    letter (a, b, ...) in the list of choices when the text is not an option;
    else the answer graded as text against every option, right when it names
    the right option and no other ("aluminum", "Pope Urban II", "Hugo").
``truefalse``
    true/false/t/f/yes/no/y/n, any case.
``order``
    Partial credit is the share of item *pairs* in the right relative order
    (Kendall-style); correct only when every item is there, in order.
``cloze``
    Each blank by its own kind; the score is the mean, correct when all are.
    With ``any_order`` the blanks are a set, each answer counting for the
    blank it fits best.
``match``
    A partner for each item; each right pair earns its share of the score,
    correct when all are (see :mod:`.pairs`).

Text and person answers also follow one principle (see :mod:`.claims`): an
answer is right when it holds an accepted answer's distinctive words (each
within the slip rules above) and what else it says contradicts nothing: no
negation or hedge, no other number, no qualifier naming another entity, no
known entity but the card's (every country, and the names a deck's glossary
lists: the ``glossary`` argument of the typed graders, see :mod:`.entities`).
Words that only add context are fine ("the Bastille, the old fortress in
Paris"): a plain word before the answer describes it ("the current prime minister", "highly
unlikely"), a possessive pronoun or an owner of the card's own stands for its person ("his
support", "Kadhimi's popularity"), a clause may frame it ("I am fine", "almost certain he
won't"), and a word may take another form ("ousting" for "oust", "Sunnis" for "Sunni",
"criticized" for "criticised"; see :mod:`.forms`). What the card's accepted answers name
(a country, a person, a year) is the card's own; a word that reverses the answer ("a loss
of support"), weakens it ("a weak majority") or names another country ("the Iranian army")
is not context (see :mod:`.around`).
Numbers in every form (digits, words, ordinals, Roman numerals) are
numbers and are never forgiven a slip ("Louis XVIII" is not "Louis XVI"; see
:mod:`.numerals`), and a slip never changes a word's first letter. Titles,
an organisation's generic words or its initials, and a country's people
where the question asks which country, are forgiven too (see :mod:`.names`).
Every grade carries a ``reason`` saying why it is right or wrong.

The grading is split by job: :mod:`.text` (normalization, spelling keys,
word matching), :mod:`.numerals` (numbers inside words), :mod:`.phrases`
(an answer's words, their case and gaps), :mod:`.forms` (a word's other forms),
:mod:`.around` (words that deny or frame an answer), :mod:`.claims` (the principle),
:mod:`.entities` (countries and a glossary), :mod:`.places` (a place's
other names), :mod:`.morphemes` (word parts a slip may not swap),
:mod:`.initials` (given names and initials), :mod:`.names` (text and
person answers), :mod:`.numbers` (numbers and years), :mod:`.units` (units,
bounds, eras), :mod:`.dates`, :mod:`.lists` (order and cloze),
:mod:`.pairs` (match), :mod:`.choices` (choice and true/false) and
:mod:`.verdict` (the :class:`Grade` type and notes). Which one grades a card
is its kind's choice (:mod:`quizdeck.kinds`): grading is a library of values and
never imports the kinds or the cards.
"""
