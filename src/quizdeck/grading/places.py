"""Places by all their names: a city's or a country's own-language name is the same place.

A student who writes "Wien" for Vienna, "Praha" for Prague or "Suomi" for Finland names the
place the card asks for, as surely as one who writes the English name. The table lists the
world's capitals and large cities whose names differ between English and their own language
(or between two common English forms), in Latin letters as :func:`.text.normalize` writes them.
A city's former name is not listed: "Constantinople" and "Istanbul" answer different questions.
Only the names are compared here; which places an answer must not name is :mod:`.entities`.
"""

from __future__ import annotations

from quizdeck.grading.countries import COUNTRY_NAMES
from quizdeck.grading.text import normalize

#: Cities, each with its other names after "|".
_CITIES = (
    "Rome|Roma;Milan|Milano;Naples|Napoli;Turin|Torino;Florence|Firenze;Venice|Venezia;"
    "Genoa|Genova;Padua|Padova;Warsaw|Warszawa;Krakow|Cracow|Krakau;Prague|Praha|Prag;"
    "Copenhagen|Kobenhavn;Bern|Berne;Geneva|Geneve|Genf;Basel|Basle|Bale;Zurich|Zuerich;"
    "Vienna|Wien|Vienne;Athens|Athina|Athinai|Athenes|Athen;Lisbon|Lisboa;"
    "Brussels|Bruxelles|Brussel;The Hague|Den Haag|s Gravenhage;Antwerp|Antwerpen|Anvers;"
    "Ghent|Gent|Gand;Bruges|Brugge;Munich|Muenchen|Munchen;Cologne|Koeln|Koln;"
    "Nuremberg|Nuernberg|Nurnberg;Hanover|Hannover;Brunswick|Braunschweig;"
    "Aachen|Aix-la-Chapelle;Strasbourg|Strassburg;Marseille|Marseilles;Lyon|Lyons;"
    "Dunkirk|Dunkerque;Seville|Sevilla;Saragossa|Zaragoza;Moscow|Moskva;"
    "Saint Petersburg|St Petersburg|Sankt-Peterburg;Kyiv|Kiev;Bucharest|Bucuresti;"
    "Belgrade|Beograd;Sofia|Sofiya;Helsinki|Helsingfors;Gothenburg|Goteborg;"
    "Gdansk|Danzig;Wroclaw|Breslau;Bratislava|Pressburg;Tbilisi|Tiflis;Dublin|Baile Atha Cliath;"
    "Cairo|Al-Qahira;Algiers|Alger;Damascus|Dimashq;Jerusalem|Yerushalayim|Al-Quds;"
    "Tehran|Teheran;Mecca|Makkah;Medina|Madinah;Marrakesh|Marrakech;Fez|Fes;Tangier|Tanger;"
    "Beijing|Peking;Nanjing|Nanking;Guangzhou|Canton;Mumbai|Bombay;Kolkata|Calcutta;"
    "Chennai|Madras;Yangon|Rangoon;Naypyidaw|Nay Pyi Taw|Naypyitaw;Mexico City|Ciudad de Mexico;"
    "Havana|La Habana;Sao Paulo|San Pablo;Bogota|Santa Fe de Bogota;Leghorn|Livorno;"
    "Mainz|Mayence;Trier|Treves;Ho Chi Minh City|Saigon;Kathmandu|Katmandu"
)
_PLACES: tuple[tuple[str, ...], ...] = (
    *COUNTRY_NAMES,
    *(tuple(entry.split("|")) for entry in _CITIES.split(";")),
)
_BY_NAME = {normalize(name): names[0] for names in _PLACES for name in names}


def place_named(text: str) -> str | None:
    """The city or country an answer names by any of its names ("Wien" → "Vienna"), or None."""
    return _BY_NAME.get(normalize(text))
