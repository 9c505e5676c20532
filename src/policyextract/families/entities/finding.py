"""Entities: organization and jurisdiction names → mentions resolved to one id per real-world body.

Per paragraph (`EntityFinder.find`):
- places: every gazetteer place name (nested places of other bodies kept: "Dubai" inside "Dubai
  International Financial Centre"), widened by a level word ("Henan Province", "city of Busan"), never
  inside a phrase that names no jurisdiction ("South China");
- organizations: gazetteer names, then the generic rules of `patterns/organizations.jsonl` (a
  capitalized name ending in a head word, a name after a descriptor noun, "the Trump administration"),
  government bodies of a place ("municipal government of Beijing", "Jiangning district's management
  committee"), and the other names of a list that holds an organization ("Hana Bank, OCON and
  Barunson"). Generic rules do not run in headlines, whose every word is capitalized.
- aliases stated by the text: "Long Name (ABBR)", "X, also known as Y", "X, also called Y",
  "X (formerly Y)".

Per document (`resolve_document`): discovered aliases are found again wherever the document repeats
them, and every mention gets an entity id: the gazetteer's (exact name or alias), its long form's
(discovered alias), a known body's within the fuzzy cutoff, or a new id derived from the name's key, so
that the same new name gets the same id in every document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from policyextract.families.entities.gazetteer import NOT_A_JURISDICTION, Entity, Gazetteer, NameFinder, positions
from policyextract.matching import ParagraphMatches, char_span
from policyextract.models import JurisdictionMention, OrgMention
from policyextract.families.entities.normalizing import EntitySettings, NameIndex, name_key
from policyextract.pattern_lines import Lexicon

_NAME_PUNCT = {",", ".", "(", ")", ":", ";", "“", "”", '"', "'s", "’s", "'", "’", "!", "?", "·", "•", "/"}
_LIST_SEPARATORS = {",", "and", "or", "&"}
_ALIAS_CUES = (("also", "known", "as"), ("also", "called"), ("formerly", "known", "as"), ("formerly",),
               ("known", "as"), ("or",))
_LONGEST_ALIAS_CUE = max(map(len, _ALIAS_CUES))
_MAX_REMIT = 8
_MAX_REMIT_TAIL = 4  # words after the last "and" of a government body's remit ("... and Information Technology")
_GOVERNMENT_TYPES = ("government body", "regulator")
# Places that govern themselves: a body's jurisdiction is the one of these its place lies in.
_SELF_GOVERNING = ("country", "special administrative region", "supranational union")
_DATELINE_REACH = 6  # tokens from a dateline's place to the bracket of its credits: "BEIJING, Feb. 24 ("
_CREDIT_SEPARATORS = {"-", "–", "—", "/", "|", ","}
# Generic forms whose evidence is the context, not the name: a name they find is a body wherever it repeats.
_CONTEXT_FORMS = {"appositive", "cue", "possessive_cue", "descriptor", "legal"}
_MINOR_WORDS = {"and", "of", "the", "for", "in", "on", "&"}
_MAX_LIST_ITEM = 5
_MAX_LIST_ITEMS = 20  # a longer "list" is no enumeration of bodies, and scanning it is quadratic


Tokens = list[Token]  # a paragraph's tokens, indexed without building a Token object at each look


@dataclass
class FoundName:
    """An organization or place name found in a paragraph (token offsets), before resolution."""

    start: int
    end: int
    kind: str  # "organization" or "jurisdiction"
    rule: str
    entity_id: str | None = None  # the gazetteer's, when it knows the name
    canonical: str | None = None  # for names the rules construct ("Beijing Municipal Government")
    type: str | None = None
    alias_of: FoundName | None = None  # the long form the text gives this name for
    jurisdiction: str | None = None  # for bodies of a place the rules find: the place's canonical name
    repeat: tuple[str, ...] | None = None  # words that name the body again wherever the document repeats them
    shared: bool = False  # a gazetteer name other countries' bodies bear too: the context's jurisdiction decides
    rules_name_it: bool = False  # the generic rules find this name too (without a jurisdiction, it is still a body)
    weak: bool = False  # found by its role in the sentence only ("NTT said"): an alias the document states wins


@dataclass
class ParagraphNames:
    """The names of one paragraph: its Doc, where it starts in the text, and what was found."""

    doc: Doc
    offset: int
    names: list[FoundName] = field(default_factory=list)
    headline_names: list[FoundName] = field(default_factory=list)  # count only if the body repeats them
    orths: list[int] = field(default_factory=list)  # the ORTH of each token of `doc`


def is_name_token(text: str) -> bool:
    """A token that can be part of a name: not lowercase, not a number, not punctuation or space."""
    return (any(c.isalnum() for c in text) and not text.islower() and text not in _NAME_PUNCT
            and not text.strip().replace(",", "").replace(".", "").isdigit() and text == text.strip())


class EntityFinder:
    """Finds organization and place names in paragraphs with the gazetteers and `patterns/` rules."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon):
        self.gazetteer = gazetteer
        self.find_names = NameFinder(gazetteer, nlp)
        self.heads = {t: v for t, v in lexicon.entries.get("org_head", {}).items()}
        self.not_name_start = lexicon.terms("demonym") | {"the", "a", "an", "its", "their", "his", "her"}
        self.person_titles = lexicon.terms("person_title")
        self.level_words = {t: v for t, v in lexicon.entries.get("place_level", {}).items()}
        self.government_levels = {t: v for t, v in lexicon.entries.get("government_level", {}).items()}
        self.government_bodies = {t: v for t, v in lexicon.entries.get("government_body", {}).items()}
        self.government_body_starts = {t.split()[0].replace("'s", "") for t in self.government_bodies}
        self.government_body_ends = {t.split()[-1] for t in self.government_bodies}
        self.government_compounds = lexicon.terms("government_compound")
        self.remit_ends = lexicon.terms("remit_end")
        self.legal_forms = lexicon.terms("legal_form")
        self.short_legal_forms = lexicon.terms("legal_form_short")
        self.discourse_words = lexicon.terms("discourse_word")
        self.appositive_ends = lexicon.terms("appositive_end")
        self.function_words = self.remit_ends | self.not_name_start | {"and", "or", "of", "the"}
        self._bracket = nlp.vocab.strings.add("(")
        self.facility_modifiers = lexicon.terms("facility_modifier")
        self.common_acronyms = lexicon.terms("common_acronym")
        self.currency_codes = lexicon.terms("currency_code")
        self.demonyms = {t: v for t, v in lexicon.entries.get("demonym", {}).items() if v}

    # -- places -------------------------------------------------------------------------------------
    def find_places(self, tokens: Tokens, raw: list[tuple[int, int, str]]) -> list[FoundName]:
        """The places of a paragraph, from the gazetteer's place names in it (`raw`: start, end, entity id)."""
        entities = self.gazetteer.entities
        blocked = [(s, e) for s, e, i in raw if entities[i].level == NOT_A_JURISDICTION]
        covered = {t for s, e, _ in raw for t in range(s, e)}
        kept = []
        for s, e, i in raw:
            if entities[i].level == NOT_A_JURISDICTION or any(bs <= s and e <= be for bs, be in blocked):
                continue
            if entities[i].exact_case and (self._ends_a_longer_name(tokens, s, covered) or self._names_a_company(tokens, e)):
                continue
            if any(i == j and s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, j in raw):
                continue  # a shorter name of the same place inside a longer one
            kept.append((s, e, i))
        # A place named inside the name of a place it contains is a mention too ("Dubai" in "Dubai
        # International Financial Centre"); any other inside name is none ("Mongolia" in "Inner
        # Mongolia", "Wales" in "New South Wales"); overlapping names that are not nested keep the longer.
        chosen: list[tuple[int, int, str]] = []
        for s, e, i in sorted(kept, key=lambda m: (m[0] - m[1], m[0])):
            if all(e <= s2 or e2 <= s or (s <= s2 and e2 <= e)
                   or (s2 <= s and e <= e2 and self._is_ancestor(entities[i].name, entities[j])) for s2, e2, j in chosen):
                chosen.append((s, e, i))
        return [self._widen_place(tokens, FoundName(s, e, "jurisdiction", "gazetteer.jurisdictions", entity_id=i))
                for s, e, i in sorted(chosen)]

    def _is_ancestor(self, name: str, place: Entity) -> bool:
        """Whether the place called `name` contains `place` (is its parent, or its parent's, ...)."""
        seen = set()
        while place.parent and place.parent not in seen:
            if place.parent == name:
                return True
            seen.add(place.parent)
            parent = self.gazetteer.by_name.get(place.parent)
            if parent is None:
                return False
            place = parent
        return False

    def _ends_a_longer_name(self, tokens: Tokens, start: int, places: set[int]) -> bool:
        """Whether a place name of the data at `start` is the end of a person's or other name: right after
        a capitalized word that starts no sentence, no function word and no place ("Zhang Jinhua")."""
        if start < 2:
            return False
        before = tokens[start - 1]
        return (before.is_title and before.is_alpha and start - 1 not in places
                and before.lower_ not in self.function_words
                and not tokens[start - 2].is_punct and not tokens[start - 2].is_space)

    def _names_a_company(self, tokens: Tokens, end: int) -> bool:
        """Whether a place name of the data ending at `end` is a company's: a legal form follows ("Hitachi Ltd.")."""
        return end < len(tokens) and (tokens[end].lower_ in self.legal_forms
                                      or (tokens[end].is_upper and tokens[end].lower_ in self.short_legal_forms))

    def _widen_place(self, tokens: Tokens, place: FoundName) -> FoundName:
        """"Henan Province", "Nanjing City", "Jiangning district", "province of Henan", "Emirate of Dubai"."""
        s, e = place.start, place.end
        if e < len(tokens) and tokens[e].lower_ in self.level_words and (e + 1 >= len(tokens) or tokens[e + 1].lower_ != "of"):
            e += 1
        if s >= 2 and tokens[s - 1].lower_ == "of" and tokens[s - 2].lower_ in self.level_words:
            s -= 2
        return replace(place, start=s, end=e)

    # -- organizations ------------------------------------------------------------------------------
    def _read_generic(self, tokens: Tokens, start: int, end: int, form: str, known: set[tuple[int, int]]
                      ) -> tuple[int, int, str | None, str | None] | None:
        """The name inside a generic match (start, end, type suggested by its head, canonical name when it
        is not the name as written), or None. `known`: the spans of gazetteer organizations."""
        if form == "administration":
            return start, end, "government body", None
        if form == "appositive":  # "StarHub, a Singapore telecom operator", "X, the world's largest ... store"
            return self._read_appositive(tokens, start, end)
        if form == "subject":  # "NTT will invest", "ADNOC said"
            return (start, start + 1, None, None) if self._is_acronym_name(tokens, start) else None
        if form == "cue":  # "Nasdaq-listed X", "the CEO of X", "told X": the name ends the match
            name_start = end
            while name_start > start and is_name_token(tokens[name_start - 1].text):
                name_start -= 1
            start = name_start
        if form == "possessive_cue":  # "Kyrotek's chief executive"
            end = next((i for i in range(start, end) if tokens[i].lower_ in ("'s", "’s")), end)
        if form == "descriptor":  # "crypto lender Nexo", "companies, including Seoul Auction Blue"
            if tokens[start].is_title and not _starts_sentence(tokens, start):
                return None  # a capitalized descriptor is a word of a name unless it opens the sentence
            start += 1
            while start < end and not is_name_token(tokens[start].text):
                start += 1
            if start < end and not tokens[start - 1].whitespace_:
                return None  # "minersOver the longer term": a heading glued to the next sentence
        while start < end and tokens[start].lower_ in self.not_name_start:
            start += 1
        if start >= end or tokens[start].lower_ in self.person_titles:
            return None
        words = tokens[start:end]
        if words[0].text == "-" or words[-1].text == "-" or not any(t.is_alpha and not t.is_lower for t in words):
            return None
        if end < len(tokens) and tokens[end].is_alpha and not tokens[end].is_lower and tokens[end - 1].whitespace_:
            return None  # the name goes on past this match ("Central Bank Digital Currency")
        if form in ("descriptor", "cue", "possessive_cue"):
            return (start, end, "company" if form != "descriptor" else None, None) if end - start <= _MAX_LIST_ITEM else None
        if form == "legal":  # "Wanxiang Blockchain Co., Ltd.": the name without its legal form
            name_end = next(t.i for t in words if t.lower_ in self.legal_forms or (t.is_upper and t.lower_ in self.short_legal_forms))
            return (start, end, "company", _span_text(tokens, start, name_end)) if name_end > start else None
        if words[-1].lower_ in self.legal_forms:
            return None  # "Reliance Industries Ltd.": the legal-form reader takes it, and names it without the form
        # A name cuts no known body ("Korea and Kyros Ventures" of "Bank of Korea and ..."), and one that holds
        # a known body after its start is a list ("Ministry of Finance, Tencent and Alibaba").
        if any(ks < end and start < ke and (ks < start or ke > end or ks > start) for ks, ke in known):
            return None
        for t in words:
            if t.lower_ not in ("and", "&") or t.i == start:
                continue
            # "Ministry of Electronics and Information Technology": an "and" in a government body's remit joins
            # the remit, even after a head word or a known body's name
            remit = self._remit_start(words)
            in_remit = remit is not None and remit < t.i and end - t.i <= _MAX_REMIT_TAIL
            if ((not in_remit and ((tokens[t.i - 1].lower_ in self.heads and tokens[t.i - 1].is_title) or (start, t.i) in known))
                    or (t.i + 1, end) in known or _looks_like_a_brand(tokens[t.i - 1].text)):
                return None  # "Kyros Ventures and Hashlabs Mining", "JD.com and Tencent Holdings": two names
        head = next((self.heads[t.lower_] for t in reversed(words) if t.lower_ in self.heads and not t.is_lower), None)
        if len(words) >= 2 and words[-1].lower_ in ("centre", "center") and words[-2].lower_ in self.facility_modifiers:
            return None  # "AI Supercomputing Centre": a facility
        return start, end, head, None

    def _is_acronym_name(self, tokens: Tokens, i: int) -> bool:
        """Whether token `i` is a body's acronym on its own: capitals only (no "FY25", "Q3"), no acronym of a
        thing, currency or role, and neither the end of a longer name nor an acronym in brackets after one
        (the alias reader links that)."""
        word = tokens[i].text
        if not (word.isalpha() and word.isupper() and 2 <= len(word) <= 6):
            return False
        lower = word.lower()
        if lower in self.common_acronyms or lower in self.currency_codes or lower in self.person_titles:
            return False
        return i == 0 or (tokens[i - 1].text != "(" and (
            tokens[i - 1].lower_ in self.not_name_start or not is_name_token(tokens[i - 1].text)))

    def _remit_start(self, words) -> int | None:
        """The token index after the "of"/"for" that follows a government body's head word in a name
        ("Ministry of ...", "Department for ..."), or None."""
        for prev, t in zip(words, words[1:]):
            if t.lower_ in ("of", "for") and prev.is_title and self.heads.get(prev.lower_) in _GOVERNMENT_TYPES:
                return t.i + 1
        return None

    def _read_appositive(self, tokens: Tokens, start: int, end: int) -> tuple[int, int, str | None, str | None] | None:
        """The capitalized name before the comma of an appositive ", a/the ... <descriptor>" (the match), unless
        the phrase says a person's role ("Zhang Lin, a director of the firm"), its noun starts a new clause
        ("According to X, the firm was set up") or the name is a word that opens a sentence ("Meanwhile, a ...")."""
        comma = start
        if end < len(tokens) and tokens[end].lower_ not in self.appositive_ends:
            return None
        if any(t.lower_ in self.person_titles for t in tokens[comma + 2:end - 1]):
            return None  # "a director of the firm": a person's role
        name_start = comma
        while name_start > 0 and comma - name_start < _MAX_LIST_ITEM and (
                is_name_token(tokens[name_start - 1].text) or tokens[name_start - 1].lower_ in ("and", "&")):
            name_start -= 1
        while name_start < comma and (tokens[name_start].lower_ in self.not_name_start or tokens[name_start].lower_ in ("and", "&")):
            name_start += 1
        if name_start >= comma or tokens[comma - 1].lower_ in ("and", "&"):
            return None
        if tokens[name_start].lower_ in self.function_words or (
                comma - name_start == 1 and (tokens[name_start].lower_ in self.discourse_words
                                             or tokens[name_start].lower_ in self.person_titles)):
            return None  # "On Monday, the bank ...", "Meanwhile, a startup ..."
        return name_start, comma, "company", None

    def find_organizations(self, tokens: Tokens, orths: list[int], matches: ParagraphMatches, places: list[FoundName],
                           gazetteer_names: list[tuple[int, int, str]], *, headline: int) -> list[FoundName]:
        """`gazetteer_names`: the gazetteer's organization names in the paragraph (start, end, entity id);
        `headline`: tokens before this index are a headline, where only gazetteer names count."""
        entities = self.gazetteer.entities
        candidates = [FoundName(s, e, "organization", "gazetteer.organizations", entity_id=i, type=entities[i].type)
                      for s, e, i in gazetteer_names]
        known = {(c.start, c.end) for c in candidates}
        generic = []
        for m in matches.figures("organizations"):
            if m.line.attrs["form"] in ("demonym_government", "byline_source"):
                continue
            form = str(m.line.attrs["form"])
            read = self._read_generic(tokens, m.start, m.end, form, known)
            if read:
                found = FoundName(read[0], read[1], "organization", m.rule, type=read[2], canonical=read[3],
                                  weak=form == "subject")
                if form in _CONTEXT_FORMS:  # the context said it is a body: so is the name where it comes again
                    found.repeat = tuple(read[3].split()) if read[3] else tuple(t.text for t in tokens[read[0]:read[1]])
                generic.append(found)
        generic += self._government_bodies(tokens, places)
        generic += self._demonym_governments(tokens, matches)
        generic += self._credits(tokens, orths, matches)
        candidates += [g for g in generic if g.start >= headline]
        self._headline = [g for g in generic if g.end <= headline]
        candidates += self._units(tokens, candidates, places)
        chosen = _longest_first(candidates, prefer=lambda c: c.entity_id is not None)
        place_spans = {(p.start, p.end) for p in places}
        # a place's name is no organization, nor is a word of it a generic name ("Union" of "European Union")
        place_tokens = {i for p in places for i in range(p.start, p.end)}
        chosen = [c for c in chosen if (c.start, c.end) not in place_spans and (
            c.entity_id or c.start not in place_tokens or not any(p.start <= c.start and c.end <= p.end for p in places))]
        members = [m for m in self._list_members(tokens, chosen, places) if m.start >= headline]
        orgs = _longest_first(chosen + members, prefer=lambda c: c.entity_id is not None)
        return self._state_jurisdictions(tokens, orgs, places, {(g.start, g.end) for g in generic})

    def _state_jurisdictions(self, tokens: Tokens, orgs: list[FoundName], places: list[FoundName],
                             generic_spans: set[tuple[int, int]]) -> list[FoundName]:
        """A body whose name other countries' bodies bear too (a gazetteer's shared name, a government body
        the rules found) takes the jurisdiction its context states: "Japan's Ministry of Finance", "the
        Saudi Ministry of Finance", "the Ministry of Finance of Saudi Arabia". A shared name that a longer
        name holds ("Kartork Economic Development Board", "... Board of Kartork County") is no mention."""
        by_end, by_start = {p.end: p for p in places}, {p.start: p for p in places}
        kept = []
        for org in orgs:
            keys = self.gazetteer.shared_keys.get(org.entity_id or "")
            if keys and name_key(_span_text(tokens, org.start, org.end)) in keys:
                if self._name_goes_on(tokens, org.start, org.end, by_end, by_start):
                    continue
                org.shared, org.rules_name_it = True, (org.start, org.end) in generic_spans
                org.jurisdiction = self._stated_jurisdiction(tokens, org.start, org.end, by_end, by_start)
            elif not org.entity_id and org.jurisdiction is None and org.type in _GOVERNMENT_TYPES:
                org.jurisdiction = self._stated_jurisdiction(tokens, org.start, org.end, by_end, by_start)
            kept.append(org)
        return kept

    def _name_goes_on(self, tokens: Tokens, start: int, end: int, places_by_end: dict[int, FoundName],
                      places_by_start: dict[int, FoundName]) -> bool:
        """Whether a capitalized word that is no place goes on before a name, or after its "of (the)", or a
        place level word stands before it ("the Kartork state Economic Development Board")."""
        if start and start not in places_by_end and (tokens[start - 1].lower_ in self.level_words or (
                is_name_token(tokens[start - 1].text) and tokens[start - 1].lower_ not in self.not_name_start)):
            return True
        if end + 1 < len(tokens) and tokens[end].lower_ == "of":
            after = end + 2 if tokens[end + 1].lower_ == "the" else end + 1
            return after < len(tokens) and is_name_token(tokens[after].text) and after not in places_by_start
        return False

    def _stated_jurisdiction(self, tokens: Tokens, start: int, end: int, places_by_end: dict[int, FoundName],
                             places_by_start: dict[int, FoundName]) -> str | None:
        """The self-governing place of a place before a name (with or without "'s"), a demonym before it,
        or a place after its "of"."""
        place = places_by_end.get(start)
        if place is None and start >= 2 and tokens[start - 1].lower_ in ("'s", "’s"):
            place = places_by_end.get(start - 1)
        elif place is None and start >= 1 and tokens[start - 1].lower_ in self.demonyms:
            country = self.gazetteer.by_name.get(self.demonyms[tokens[start - 1].lower_])
            return country.name if country else None
        elif place is None and end + 1 < len(tokens) and tokens[end].lower_ == "of":
            place = places_by_start.get(end + 2 if tokens[end + 1].lower_ == "the" else end + 1)
        if place is None:
            return None
        return governing_place(self.gazetteer.entities[place.entity_id or ""], self.gazetteer).name

    def _units(self, tokens: Tokens, orgs: list[FoundName], places: list[FoundName]) -> list[FoundName]:
        """A known organization's name followed by an acronym names a unit of it ("Nexo DWTC")."""
        place_starts = {p.start for p in places}
        units = []
        for org in orgs:
            e = org.end
            if (org.entity_id and e < len(tokens) and tokens[e].is_upper and tokens[e].is_alpha and 2 <= len(tokens[e]) <= 6
                    and tokens[e].lower_ not in self.common_acronyms
                    and e not in place_starts and not any(o.start == e for o in orgs)
                    and not (e + 1 < len(tokens) and is_name_token(tokens[e + 1].text))):
                units.append(FoundName(org.start, e + 1, "organization", "rules.unit_of_known_organization"))
        return units

    def _government_bodies(self, tokens: Tokens, places: list[FoundName]) -> list[FoundName]:
        """"the municipal government of Beijing", "the Sichuan government", "Shanghai's municipal government",
        "Jiangning district's management committee", "the Shenzhen municipal bureau of science and technology"."""
        found = []
        for place in places:
            entity = self.gazetteer.entities[place.entity_id or ""]
            s = place.start
            # "<level adjective>? <body> of <place>"
            if s >= 2 and tokens[s - 1].lower_ == "of":
                body = self._body_before(tokens, s - 1)
                if body is not None:
                    start = body[0]
                    level = tokens[start - 1].lower_ if start > 0 and tokens[start - 1].lower_ in self.government_levels else None
                    start -= level is not None
                    found.append(self._government_body(entity, start, place.end, level, body[1]))
                    continue
            # "<place>('s)? <level adjective>? <body> (of <remit>)?"
            e = place.end
            possessive = e < len(tokens) and tokens[e].lower_ in ("'s", "’s")
            e += possessive
            level = tokens[e].lower_ if e < len(tokens) and tokens[e].is_lower and tokens[e].lower_ in self.government_levels else None
            e += level is not None
            body = self._body_after(tokens, e)
            if body is None:
                continue
            end, words = body
            remit_end = _remit_end(tokens, end, self.remit_ends)
            if self.government_bodies[words] == "government":
                if end < len(tokens) and (tokens[end].lower_ in self.government_compounds or tokens[end].text in "-–"):
                    continue  # "Hong Kong government bonds", "government-backed"
                found.append(self._government_body(entity, place.start, end, level, words))
            elif remit_end is not None:
                found.append(self._government_body(entity, place.start, remit_end, level, words,
                                                   _span_text(tokens, end + 1, remit_end)))
            elif possessive:
                found.append(self._government_body(entity, place.start, end, level, words))
        return found

    def _body_after(self, tokens: Tokens, i: int) -> tuple[int, str] | None:
        """(end, words) of the longest lower-case government body word starting at token `i`."""
        if i >= len(tokens) or tokens[i].lower_ not in self.government_body_starts:
            return None
        for width in (3, 2, 1):
            if i + width <= len(tokens):
                words = _span_text(tokens, i, i + width).lower()
                if words in self.government_bodies and (all(t.is_lower for t in tokens[i:i + width]) or words.startswith("govt")):
                    return i + width, words
        return None

    def _body_before(self, tokens: Tokens, i: int) -> tuple[int, str] | None:
        """(start, words) of the longest lower-case government body word ending right before token `i`."""
        if i < 1 or tokens[i - 1].lower_ not in self.government_body_ends:
            return None
        for width in (3, 2, 1):
            if i - width >= 0:
                words = _span_text(tokens, i - width, i).lower()
                if words in self.government_bodies and all(t.is_lower for t in tokens[i - width:i]):
                    return i - width, words
        return None

    def _government_body(self, place: Entity, start: int, end: int, level: str | None, body: str,
                         remit: str | None = None) -> FoundName:
        if self.government_bodies[body] == "government" and remit is None:
            canonical = government_name(place, self.gazetteer)
        else:
            words = " ".join(w.capitalize() for w in ([level] if level else []) + body.split())
            canonical = f"{place.name} {words}" + (f" of {_title(remit)}" if remit else "")
        return FoundName(start, end, "organization", "rules.government_of_place", canonical=canonical,
                         type="government body", jurisdiction=place.name)

    def _credits(self, tokens: Tokens, orths: list[int], matches: ParagraphMatches) -> list[FoundName]:
        """The news sources a dateline or byline credits: "SHENZHEN, (APP - UrduPoint / Pakistan Point News -
        <date>)", "<date> | AtoZ Markets – ...": every name up to the date, the bracket or the dash."""
        found = []
        starts = [(m.start + 2, m.rule, "byline_source") for m in matches.figures("organizations")
                  if m.line.attrs.get("form") == "byline_source"]
        # a dateline opens a line: a place in capitals, a comma or a date, then the bracket of its credits
        for bracket in positions(orths, self._bracket):
            if any(_opens_line(tokens, i) and tokens[i].is_upper and tokens[i].is_alpha and len(tokens[i]) > 1
                   for i in range(max(0, bracket - _DATELINE_REACH), bracket)):
                starts.append((bracket + 1, "rules.dateline_credit", "dateline_credit"))
        for pos, rule, form in starts:
            while pos < len(tokens):
                end = pos
                while end < len(tokens) and is_name_token(tokens[end].text) and tokens[end].text not in _CREDIT_SEPARATORS \
                        and not any(c.isdigit() for c in tokens[end].text):
                    end += 1
                if end == pos or not any(t.is_alpha and not t.is_lower for t in tokens[pos:end]):
                    break
                found.append(FoundName(pos, end, "organization", rule, type="media"))
                if end >= len(tokens) or tokens[end].text not in _CREDIT_SEPARATORS or form == "byline_source":
                    break
                pos = end + 1
        return found

    def _demonym_governments(self, tokens: Tokens, matches: ParagraphMatches) -> list[FoundName]:
        """"the Canadian government", "the Chinese central government": the government of a country."""
        found = []
        for m in matches.figures("organizations"):
            if m.line.attrs.get("form") != "demonym_government":
                continue
            country = self.gazetteer.by_name.get(self.demonyms.get(tokens[m.start].lower_) or "")
            if country is None or (m.end < len(tokens) and (tokens[m.end].lower_ in self.government_compounds
                                                         or tokens[m.end].text in "-–")):
                continue
            found.append(FoundName(m.start, m.end, "organization", m.rule, type="government body",
                                   canonical=government_name(country, self.gazetteer), jurisdiction=country.name))
        return found

    def _list_members(self, tokens: Tokens, orgs: list[FoundName], places: list[FoundName]) -> list[FoundName]:
        """The other capitalized names of each list that holds an organization."""
        if not orgs:
            return []
        taken = {i for o in orgs for i in range(o.start, o.end)} | {i for p in places for i in range(p.start, p.end)}
        found: list[FoundName] = []

        def item_right(pos: int) -> tuple[int, int] | None:
            end = pos
            while end < len(tokens) and end - pos < _MAX_LIST_ITEM and is_name_token(tokens[end].text) and tokens[end].lower_ not in self.person_titles:
                end += 1
            return (pos, end) if end > pos else None

        def item_left(pos: int) -> tuple[int, int] | None:
            start = pos
            while start > 0 and pos - start < _MAX_LIST_ITEM and is_name_token(tokens[start - 1].text) and tokens[start - 1].lower_ not in self.not_name_start:
                start -= 1
            if start > 0 and tokens[start - 1].lower_ in ("'s", "’s"):
                return None  # the end of a possessive name ("the Mayor's Office"), not a name of its own
            return (start, pos) if start < pos else None

        for org in orgs:
            items = self._list_items(tokens, org, item_left, item_right)
            for item in items:
                if taken.isdisjoint(range(*item)):  # `taken` holds the place tokens too
                    found.append(FoundName(item[0], item[1], "organization", "rules.list"))
                    taken.update(range(*item))
        return found

    @staticmethod
    def _list_items(tokens: Tokens, org: FoundName, item_left, item_right) -> list[tuple[int, int]]:
        """The other items of the list `org` stands in: "A, B, <org> and C". A list needs an "and" or an
        "or" before its last item; commas alone are appositions ("Bloomberg, Jeff LaBerge, the ...")."""
        items, joined = [], False
        pos = org.end
        while pos < len(tokens) and tokens[pos].lower_ in _LIST_SEPARATORS and len(items) < _MAX_LIST_ITEMS:
            separators = []
            while pos < len(tokens) and tokens[pos].lower_ in _LIST_SEPARATORS:
                separators.append(tokens[pos].lower_)
                pos += 1
            joined = joined or any(s in ("and", "or", "&") for s in separators)  # also "…, C and others"
            item = item_right(pos)
            if item is None:
                break
            items.append(item)
            pos = item[1]
            if joined:
                break  # "…, B and C": C ends the list
        left, pos = [], org.start
        while pos > 0 and tokens[pos - 1].lower_ in _LIST_SEPARATORS and len(left) < _MAX_LIST_ITEMS:
            separators = []
            while pos > 0 and tokens[pos - 1].lower_ in _LIST_SEPARATORS:
                separators.append(tokens[pos - 1].lower_)
                pos -= 1
            joined = joined or any(s in ("and", "or", "&") for s in separators)
            item = item_left(pos)
            if item is None:
                break
            left.append(item)
            pos = item[0]
        return items + left if joined else []

    # -- aliases ------------------------------------------------------------------------------------
    def discover_aliases(self, tokens: Tokens, orgs: list[FoundName]) -> list[FoundName]:
        """Names the text gives as another name of an organization it just named."""
        found = []
        taken = {i for o in orgs for i in range(o.start, o.end)}
        for org in orgs:
            e = org.end
            # "Long Name (ABBR)"
            if e + 2 < len(tokens) and tokens[e].text == "(" and tokens[e + 2].text == ")" and e + 1 not in taken:
                abbr = tokens[e + 1].text
                if 2 <= len(abbr) <= 10 and not abbr.islower() and (
                        is_abbreviation(abbr, _span_text(tokens, org.start, org.end))
                        or (org.type in ("government body", "regulator") and self._acronym_of_another_language(abbr))):
                    found.append(FoundName(e + 1, e + 2, "organization", "aliases.parenthesis", alias_of=org, type=org.type))
                continue
            # "X, also known as Y", "X, also called Y", "X (formerly Y)"
            pos = e + 1 if e < len(tokens) and tokens[e].text in (",", "(") else None
            if pos is None:
                continue
            following = tuple(t.lower_ for t in tokens[pos : pos + _LONGEST_ALIAS_CUE])
            for cue in _ALIAS_CUES:
                if following[:len(cue)] == cue and cue != ("or",):
                    start = pos + len(cue)
                    if start < len(tokens) and tokens[start].lower_ == "the":
                        start += 1
                    end = start
                    while end < len(tokens) and (is_name_token(tokens[end].text) or tokens[end].text == "-") and end - start < 8:
                        end += 1
                    existing = next((o for o in orgs if o.start == start and o.end <= end), None)
                    if existing is not None and existing is not org:
                        # already found as a name: the text says both name one body, and a name the
                        # gazetteer knows defines which
                        if existing.entity_id and not org.entity_id:
                            org.alias_of = existing
                        elif not existing.entity_id:
                            existing.alias_of = org
                    elif end > start and taken.isdisjoint(range(start, end)):
                        found.append(FoundName(start, end, "organization", "aliases.also_known_as", alias_of=org, type=org.type))
                    break
        return found

    @functools.cached_property
    def known_names(self) -> set[str]:
        """Every name and alias of the gazetteers (built on first use: few texts need it)."""
        return {n for e in self.gazetteer.entities.values() for n in (e.name, *e.aliases)}

    def _acronym_of_another_language(self, abbr: str) -> bool:
        """An acronym in brackets after a government body's name whose letters are those of the name in its
        own language ("Federal Ministry for Digital and Transport (BMDV)"): capitals, and no name of another
        entity or a thing ("(UK)", "(AI)"). A company's acronym spells its English name."""
        return (abbr.isalpha() and sum(c.isupper() for c in abbr) >= 2 and len(abbr) <= 8
                and abbr.lower() not in self.common_acronyms and abbr not in self.known_names)

    def find(self, doc: Doc, offset: int, matches: ParagraphMatches, *, title_end: int | None = None) -> ParagraphNames:
        """The names of a paragraph starting at `offset`; text before `title_end` is a headline."""
        tokens = list(doc)  # one Token object per token: the rules look at most of them, many several times
        headline = 0
        if title_end is not None:
            headline = next((t.i for t in tokens if offset + t.idx >= title_end), len(tokens))
        orths = doc.to_array(ORTH).tolist()
        known = self.find_names(doc, orths)
        places = self.find_places(tokens, known["jurisdiction"])
        orgs = self.find_organizations(tokens, orths, matches, places, known["organization"], headline=headline)
        aliases = self.discover_aliases(tokens, orgs)
        names = sorted([*places, *orgs, *aliases], key=lambda n: (n.start, n.end, n.kind))
        return ParagraphNames(doc, offset, names, self._headline, orths)


def is_abbreviation(short: str, long: str) -> bool:
    """Whether `short` abbreviates `long` (Schwartz & Hearst, 2003): its letters appear in order in the
    long form, the first one starting a word of it."""
    letters = [c.lower() for c in short if c.isalnum()]
    words = [w for w in long.replace("-", " ").split() if w.lower() not in ("the",)]
    if not letters or not words or words[0][0].lower() != letters[0]:
        return False
    text, pos = " ".join(words).lower(), 0
    for c in letters:
        pos = text.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _span_text(tokens: Tokens, start: int, end: int) -> str:
    """The text of tokens [start, end), as `Span.text` gives it: their words and the spaces between them."""
    return "".join([t.text_with_ws for t in tokens[start:end - 1]]) + tokens[end - 1].text if end > start else ""


def _starts_sentence(tokens: Tokens, i: int) -> bool:
    """Whether token `i` opens a sentence: the first of the paragraph, or after end punctuation or a line break."""
    return i == 0 or tokens[i - 1].text in (".", "!", "?", ":", "\n") or tokens[i - 1].is_space or "\n" in tokens[i - 1].whitespace_


def _opens_line(tokens: Tokens, i: int) -> bool:
    """Whether token `i` is the first of a line of the paragraph."""
    return i == 0 or "\n" in tokens[i - 1].whitespace_ or (tokens[i - 1].is_space and "\n" in tokens[i - 1].text)


def _looks_like_a_brand(word: str) -> bool:
    """A word written as only a name is: a capital inside ("iFlytek", "UrduPoint"), a dot between letters
    ("JD.com"), or letters and digits ("58.com", "4Paradigm")."""
    inner = word[1:]
    return (any(c.isupper() for c in inner) and any(c.islower() for c in word)) or \
        ("." in word.strip(".") and any(c.islower() for c in word) and word.replace(".", "").isalnum()) or \
        (any(c.isdigit() for c in word) and any(c.isalpha() for c in word))


def government_name(place: Entity, gazetteer: Gazetteer) -> str:
    """The canonical name of a place's government, by its country's convention: China's governments are
    "<X> Provincial/Municipal People's Government" ("People's Government of <X> Autonomous Region" for an
    autonomous region), a special administrative region's is "Government of the <X> Special
    Administrative Region", a country's or another place's "Government of <X>"."""
    if place.level == "special administrative region":
        return f"Government of the {place.name} Special Administrative Region"
    if place.level == "country":
        return f"Government of {_as_written(place)}"
    if country_of(place, gazetteer) == "China":
        autonomous = next((a for a in place.aliases if a.endswith("Autonomous Region")), None)
        if autonomous:
            return f"People's Government of {autonomous}"
        if place.level == "province":
            return f"{place.name} Provincial People's Government"
        if place.level == "district":
            return f"{place.name} People's Government"
        return f"{place.name} Municipal People's Government"
    return f"Government of {place.name}"


def _as_written(place: Entity) -> str:
    """A place's name as a phrase writes it, with "the" where it takes one: "the United States", "Japan"."""
    article = place.level in ("country", "supranational union") and (
        place.name.startswith(("United ", "European ")) or place.name.endswith((" Republic", " Islands", " Emirates"))
        or f"the {place.name}" in place.aliases)
    return f"the {place.name}" if article else place.name


def governing_place(place: Entity, gazetteer: Gazetteer) -> Entity:
    """The self-governing place `place` lies in (a country, special administrative region or union), or
    the outermost place the gazetteer knows it in ("Taiwan")."""
    seen = set()
    while place.level not in _SELF_GOVERNING and place.parent and place.parent not in seen:
        seen.add(place.parent)
        parent = gazetteer.by_name.get(place.parent)
        if parent is None:
            break
        place = parent
    return place


def country_of(place: Entity, gazetteer: Gazetteer) -> str | None:
    """The canonical name of the country a place lies in (itself for a country), following parents."""
    seen = set()
    while place.level != "country" and place.parent and place.parent not in seen:
        seen.add(place.parent)
        parent = gazetteer.by_name.get(place.parent)
        if parent is None:
            return None
        place = parent
    return place.name if place.level == "country" else None


def _remit_end(tokens: Tokens, i: int, stops: set[str]) -> int | None:
    """The end of a lower-case remit after "of" at token `i` ("of science and technology innovation"), when
    it ends at punctuation, a capitalized word or a word that ends a remit; else None."""
    if i >= len(tokens) or tokens[i].lower_ != "of":
        return None
    j = i + 1
    while j < len(tokens) and j - i <= _MAX_REMIT and tokens[j].is_lower and tokens[j].is_alpha and tokens[j].lower_ not in stops:
        j += 1
    while j > i + 1 and tokens[j - 1].lower_ in _MINOR_WORDS:
        j -= 1
    if j == i + 1 or (j < len(tokens) and tokens[j].is_lower and tokens[j].is_alpha and tokens[j].lower_ not in stops):
        return None
    return j


def _title(words: str) -> str:
    """"science and technology" → "Science and Technology"."""
    return " ".join(w if w in _MINOR_WORDS else w.capitalize() for w in words.split())


def _longest_first(candidates: list[FoundName], prefer) -> list[FoundName]:
    """Non-overlapping names, longest first; on equal spans the preferred one."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, not prefer(c), c.start, c.rule)):
        if not taken.isdisjoint(range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


class EntityResolver:
    """Gives every found name an entity id: gazetteer, discovered alias, fuzzy match or a new id."""

    def __init__(self, gazetteer: Gazetteer, settings: EntitySettings):
        self.gazetteer = gazetteer
        organizations = {n: e.id for e in gazetteer.entities.values() if e.kind == "organization" for n in (e.name, *e.aliases)}
        self.index = NameIndex(organizations, settings)

    def _organization(self, surface: str, found: FoundName) -> tuple[str, str, str, float | None, Entity | None]:
        """(entity id, canonical name, resolution, score, gazetteer entity) of an organization name."""
        entities = self.gazetteer.entities
        if found.entity_id:
            entity = entities[found.entity_id]
            exact = name_key(surface) == name_key(entity.name)
            return entity.id, entity.name, "exact" if exact else "alias", None, entity
        name = found.canonical or surface
        if (known := self.index.exact(name)) is not None:
            entity = entities[known]
            return entity.id, entity.name, "exact" if name_key(name) == name_key(entity.name) else "alias", None, entity
        if (best := self.index.best(name)) is not None:
            entity = entities[best[0]]
            return entity.id, entity.name, "fuzzy", best[1], entity
        return new_entity_id(name), name, "new", None, None

    def _of_jurisdiction(self, name: str, jurisdiction: str | None) -> str:
        """"Ministry of Finance of Japan": a shared name with the jurisdiction it has here, if any."""
        place = self.gazetteer.by_name.get(jurisdiction or "")
        return f"{name} of {_as_written(place)}" if place else name

    def _document_jurisdictions(self, names: list[tuple[ParagraphNames, FoundName]]) -> tuple[dict[str, str], str | None]:
        """For the mentions of shared names whose context states no jurisdiction: the one the document states
        for each body's shared name, where it states one only, and the self-governing place the document's
        places lie in most (None where two tie)."""
        stated: dict[str, set[str]] = {}
        counts: dict[str, int] = {}
        for _, found in names:
            if found.shared and found.jurisdiction and found.entity_id:
                stated.setdefault(found.entity_id, set()).add(found.jurisdiction)
            elif found.kind == "jurisdiction":
                place = governing_place(self.gazetteer.entities[found.entity_id or ""], self.gazetteer).name
                counts[place] = counts.get(place, 0) + 1
        ranked = sorted(counts.items(), key=lambda c: -c[1])
        dominant = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]) else None
        return {e: next(iter(places)) for e, places in stated.items() if len(places) == 1}, dominant

    def _resolve(self, surface: str, found: FoundName, document: Callable[[], tuple[dict[str, str], str | None]]
                 ) -> tuple[str, str, str, float | None, str | None, str | None] | None:
        """(entity id, canonical name, resolution, score, type, jurisdiction) of an organization name, or None
        where it names no body: a shared name only the gazetteer finds, with no jurisdiction in sight."""
        entity_id, canonical, resolution, score, entity = self._organization(surface, found)
        if entity is None:
            return entity_id, canonical, resolution, score, found.type, found.jurisdiction
        if name_key(surface) not in self.gazetteer.shared_keys.get(entity.id, ()):
            return entity_id, canonical, resolution, score, entity.type, entity.jurisdiction
        stated, dominant = document()
        jurisdiction = found.jurisdiction or stated.get(entity.id) or dominant
        if jurisdiction == entity.jurisdiction:
            return entity_id, canonical, resolution, score, entity.type, jurisdiction
        if jurisdiction is None and found.shared and not found.rules_name_it:
            return None
        canonical = self._of_jurisdiction(entity.name, jurisdiction)  # another country's body of that name
        return new_entity_id(canonical), canonical, "new", None, entity.type, jurisdiction

    def resolve_document(self, paragraphs: list[ParagraphNames], text: str, doc_id: str
                         ) -> tuple[list[OrgMention], list[JurisdictionMention]]:
        _confirm_headline_names(paragraphs)
        _find_names_again(paragraphs)
        names = [(p, f) for p in paragraphs for f in p.names]
        document = functools.cache(lambda: self._document_jurisdictions(names))  # only a shared name needs it
        # Names first, then aliases (following alias chains), since a text may use "BDX" before it
        # spells "Busan Digital Asset Exchange (BDX)" out.
        resolved: dict[int, tuple[str, str, str, float | None, str | None, str | None]] = {}
        for paragraph, found in names:
            if found.kind == "organization" and found.alias_of is None:
                surface = text[paragraph.offset + paragraph.doc[found.start].idx : paragraph.offset + paragraph.doc[found.end - 1].idx + len(paragraph.doc[found.end - 1].text)]
                if (resolution := self._resolve(surface, found, document)) is not None:
                    resolved[id(found)] = resolution
        for paragraph, found in names:
            if found.kind == "organization" and found.alias_of is not None:
                root = found.alias_of
                while root.alias_of is not None:
                    root = root.alias_of
                if id(root) in resolved:
                    entity_id, canonical, _, _, org_type, jurisdiction = resolved[id(root)]
                    resolved[id(found)] = (entity_id, canonical, "discovered alias", None, org_type, jurisdiction)
                else:  # its long form is no longer a mention: the alias stands on its own
                    surface = paragraph.doc[found.start:found.end].text
                    if (resolution := self._resolve(surface, replace(found, alias_of=None), document)) is not None:
                        resolved[id(found)] = resolution
        orgs: list[OrgMention] = []
        places: list[JurisdictionMention] = []
        for paragraph, found in names:
            span = char_span(paragraph.doc, paragraph.offset, text, found.start, found.end)
            if found.kind == "jurisdiction":
                entity = self.gazetteer.entities[found.entity_id or ""]
                resolution = "exact" if name_key(span.text) == name_key(entity.name) else "alias"
                places.append(JurisdictionMention(
                    id=f"{doc_id}:place:{span.start}-{span.end}", span=span, rule=found.rule, entity_id=entity.id,
                    canonical=entity.name, resolution=resolution, level=entity.level or "", parent=entity.parent))
            elif id(found) in resolved:
                entity_id, canonical, resolution, score, org_type, jurisdiction = resolved[id(found)]
                orgs.append(OrgMention(
                    id=f"{doc_id}:org:{span.start}-{span.end}", span=span, rule=found.rule, entity_id=entity_id,
                    canonical=canonical, resolution=resolution, score=score, type=org_type, jurisdiction=jurisdiction))
        return orgs, places


def new_entity_id(name: str) -> str:
    """The id of a body no gazetteer knows: from its name's key, so every document gives the same id."""
    return "new:" + name_key(name)


def _surface(paragraph: ParagraphNames, found: FoundName) -> str:
    return paragraph.doc[found.start:found.end].text


def _confirm_headline_names(paragraphs: list[ParagraphNames]) -> None:
    """A name the generic rules find in a headline counts when the body names it too: every word of a
    headline is capitalized, so "NH Bank Establishes Consortium" is no name, "BDX Consortium" is."""
    if not any(p.headline_names for p in paragraphs):
        return
    body = {name_key(_surface(p, f)) for p in paragraphs for f in p.names if f.kind == "organization"}
    for paragraph in paragraphs:
        for candidate in paragraph.headline_names:
            if name_key(_surface(paragraph, candidate)) not in body:
                continue
            overlapping = [n for n in paragraph.names if n.kind == "organization" and n.start < candidate.end and candidate.start < n.end]
            if any((n.start, n.end) == (candidate.start, candidate.end) for n in overlapping):
                continue  # already found, by the gazetteer or a stated alias
            if all(n.start >= candidate.start and n.end <= candidate.end for n in overlapping):
                paragraph.names = [n for n in paragraph.names if n not in overlapping] + [candidate]
        paragraph.names.sort(key=lambda n: (n.start, n.end, n.kind))


def _find_names_again(paragraphs: list[ParagraphNames]) -> None:
    """Where the document repeats a name it gave as an alias ("BDX"), or a name its context showed to be a
    body ("StarHub, a Singapore telecom operator" → "StarHub said"), that is a mention of the same body."""
    repeated: dict[str, dict[tuple[str, ...], FoundName]] = {}  # first word → words → the name found
    for paragraph in paragraphs:
        for found in paragraph.names:
            words = tuple(t.text for t in paragraph.doc[found.start:found.end]) if found.alias_of is not None else found.repeat
            if words:
                repeated.setdefault(words[0], {}).setdefault(words, found)
    if not repeated:
        return
    # The same by ORTH (a word's hash): the paragraphs' words are compared without a Token object.
    by_first = {get_string_id(word): [(tuple(map(get_string_id, words)), found) for words, found in names.items()]
                for word, names in repeated.items()}
    for paragraph in paragraphs:
        orths = paragraph.orths
        starts = sorted(i for first in by_first.keys() & set(orths) for i in positions(orths, first))
        if not starts:
            continue
        taken = {i for n in paragraph.names if n.kind == "organization" and not n.weak for i in range(n.start, n.end)}
        for start in starts:
            for words, first in by_first[orths[start]]:
                end = start + len(words)
                if end <= len(orths) and taken.isdisjoint(range(start, end)) and tuple(orths[start:end]) == words:
                    rule = "aliases.repeated" if first.alias_of is not None else "rules.repeated"
                    paragraph.names = [n for n in paragraph.names if not (n.weak and n.start < end and start < n.end)]
                    paragraph.names.append(FoundName(start, end, "organization", rule, alias_of=first, type=first.type))
                    taken.update(range(start, end))
        paragraph.names.sort(key=lambda n: (n.start, n.end, n.kind))
