"""People and organisations named in a cable, with the titles and roles the cable gives them.

Rule-based (no model weights are needed): capitalised name sequences, a lexicon of titles and
organisation words, acronym definitions ("..., which goes by the acronym NKVD", "... (OSCE)"),
the org TAGS list, person TAGS (`NAZARBAYEV, NURSULTAN`), signers and addressee names.
Mentions of one entity are merged within a cable ("Kiselyov" after "Sergey Kiselyov"); across the
archive, entities merge only on the same normalised full name (`entity_key`).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Iterator

from ..model import Cable, Entity
from ..vocab.months import MONTH_NAMES
from ..vocab.ids import post_names
from ..vocab.markings import normalise_marking
from ..vocab.tags import tag_dictionary
from ..vocab.words import is_given_name, is_given_name_word
from .lexicon import (ADJECTIVES, AGENCY_ACRONYMS, ARTICLES, BODY_AFTER, COLLECTIVES, CONNECTORS, DIRECTIONS, DOCUMENTS,
                      EVENTS, EVERYDAY_GO_WORDS, KEEP_CAPITALISED, LANGUAGES, LEGAL_FORMS,
                      MORE_PLACES, NATIONALITIES, NOT_BODIES, NOT_NAMES, NOT_PERSON_WORDS, NOT_SURNAMES, OPENERS, ORDINALS, ORG_NOUNS,
                      ORG_WORDS, PARTICLES, PLACE_WORDS, PORTFOLIO_ADJECTIVES, PORTFOLIOS, ROLE_NOUNS, SECTION_ADJECTIVES,
                      SINGLE_ORGS, STAFF, STAFF_TITLES, TITLES, is_common)

GOVERNMENTS = re.compile(r"\b(?:GO[A-Z]{1,2}|Go[A-Z]|USG|SAG|UAEG|HMG|RGC|GOI)\b")  # (`GoB`, `GoT`: also so written)
# No leading \b: a pattern that starts with its words lets the engine skip to their first letters
# (2x faster over a paragraph); `_single_orgs` checks the start of the word instead.
_SINGLE_ORG = re.compile("(?:" + "|".join(re.escape(o) for o in sorted(SINGLE_ORGS, key=len, reverse=True)) + r")\b")
_NAME_SEQ = r"[A-Z][A-Za-z'-]+(?:\s+(?:(?:of|for|and|on|the|in)\s+)*[A-Z][A-Za-z'-]+){0,10}"
_ACR = r"(?=(?:[a-z&-]?[A-Z]){2})[A-Z][A-Za-z&-]{1,9}"  # two capitals or more: NKVD, LeT, GoB
# One word that joins several with a particle (`Lashkar-e-Tayyiba`, `Jama-ah-tul-Muslimeen`): a body's name may be
_JOINED_NAME = re.compile(r"[A-Z][a-z]+(?:-(?:e|i|ul|ut|ud|al|ah|tul|us|ush))+-[A-Z][a-z]+")
_ACRONYM_PAREN = re.compile(rf"\b(?P<name>{_NAME_SEQ})\s+\((?P<acr>{_ACR})\)")
_ACRONYM_WORDS = re.compile(
    rf"\b(?P<name>{_NAME_SEQ}),?\s+(?:which|who)\s+(?:goes\s+by|is\s+known\s+(?:as|by)|is\s+called)\s+"
    rf"(?:the\s+)?(?:[A-Za-z]+\s+){{0,4}}?(?:acronym\s+|abbreviation\s+)?(?P<acr>[A-Z][A-Z&-]{{1,9}})\b")


@lru_cache(maxsize=1)
def known_org_acronyms() -> frozenset[str]:
    """Organisation codes from the TAGS dictionary (OSCE, NATO, UN, ...; not a treaty's: NPT, the Nuclear
    Non-Proliferation Treaty, nor a site's: GTMO, the Guantanamo Bay detention facility) plus common
    agencies; not places (`Washington, DC`)."""
    codes = {code for code, (kind, description) in tag_dictionary().items()
             if kind == "organization" and (DOCUMENTS | PLACE_WORDS).isdisjoint(description.split())} | AGENCY_ACRONYMS
    return frozenset(c for c in codes if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}", c)) - {"US", "UK", "USA", "UAE", "DC"}


@lru_cache(maxsize=65536)  # (a cable names the same people again and again)
def entity_key(kind: str, name: str) -> str:
    """The merge key across the archive: kind + the name with case, full stops, hyphens and spaces
    normalised (`Barth-Eide` is `Barth Eide`) and, for a person, a transliteration's `ye` after a
    vowel made `e` (`Nazarbayev` is `Nazarbaev`; `Nazarbayeva` stays another person)."""
    key = " ".join(name.replace(".", " ").replace("-", " ").split()).casefold()
    if kind == "person":
        key = _YE.sub("e", key)
    return f"{kind}:{key}"


_YE = re.compile(r"(?<=[aeiou])ye")


_POSSESSIVE = re.compile(r"'s\b|\u2019s\b")


def _clean_name(name: str) -> str:
    if "s" in name and ("'s" in name or "\u2019s" in name):
        name = _POSSESSIVE.sub("", name)
    words = name.split()
    while words and (words[0] in NOT_NAMES or words[0] in PORTFOLIOS and len(words) > 1 or _is_acronym(words[0])
                     or "/" in words[0] or _BACKED.fullmatch(words[0]) or _DIGIT.match(words[0])):
        words.pop(0)  # `BG Yossi Baidatz`: a rank, a body; `D/USTR Peter Allgeier`, `J5 Col …`: an office; `Affairs …`
    while words and (words[-1] in NOT_NAMES or words[-1].lower() in PARTICLES):
        words.pop()
    return " ".join(words)


_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")  # `III` after a name; `XXXXXXXXXXXX` is a redaction


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word.isupper()


def _org_word(word: str) -> bool:
    """Does `word` (possessive or not: `Ministry’s`) make a run an organisation's name?"""
    return _without_possessive(word) in ORG_WORDS


def _has_org_word(words: list[str]) -> bool:
    """Does any of `words` make a run an organisation's name? (Set operations first: most runs hold
    neither an organisation word nor a possessive.)"""
    if not ORG_WORDS.isdisjoint(words):
        return True
    return any(w.endswith(("'s", "\u2019s")) and w[:-2] in ORG_WORDS for w in words)


def _is_person_name(name: str) -> bool:
    """Could these words name a person? Not with an organisation word, a document, event or role word
    (`Additional Protocol`, `Senior Advisor`), a slash (`Iran/Middle East`) or an acronym among them
    (`WG III`, `Per REFTEL`: the text is title-cased when all in capitals)."""
    words = name.split()
    if not words or len(words) > 5 or len(name) < 3 or _REDACTION.fullmatch(words[0]) or "/" in name \
            or words[0] in ARTICLES or _DIGIT.search(name):  # `El Mundo`, `Der Spiegel`: publications; `G-8`
        return False
    if _has_org_word(words) or not NOT_PERSON_WORDS.isdisjoint(words) or _CONTRACTION.search(name):
        return False
    if any(_is_acronym(w) and not (i and _ROMAN.fullmatch(w)) and not _capitals_surname(words, i)
           for i, w in enumerate(words)):
        return False
    return all(w[0].isupper() or w.lower().rstrip("-") in PARTICLES or _GLUED_ARTICLE.match(w) for w in words)


_REDACTION = re.compile(r"[Xx]+")
# A model's or a code's number in a name (`G-8`, `F-16`, `J5`; not the mangled letters of `AntC4nio`, `Mel8`)
_DIGIT = re.compile(r"(?:^|\s)(?:[A-Z]{1,4}\d|[A-Z][A-Za-z]*-\d)")
_CONTRACTION = re.compile(r"[a-z](?:'|\u2019)(?:ve|re|ll|m|t)\b")  # `We've Been`: a heading, no name
_GLUED_ARTICLE = re.compile(r"(?:al|el|as|ash|ad|an|at|az|ar|ul)-[A-Z]")


def _capitals_surname(words: list[str], i: int) -> bool:
    """Is words[i] a surname written in capitals after given names (`Allah Muhammad SALEEM`)?"""
    return (i == len(words) - 1 and i >= 1 and len(words[i]) >= 4 and words[i] not in known_org_acronyms()
            and words[i] not in NOT_BODIES  # (`Per REFTEL`)
            and all(_NAME_WORD.match(w) for w in words[:i]))


def _title_case(text: str) -> str:
    """`NAZARBAYEV` -> `Nazarbayev`, `KUCHTA-HELBLING` -> `Kuchta-Helbling` for all-caps cables and TAGS."""
    return " ".join(_capitalised(w) if w.isupper() and len(w) > 1 else w for w in text.split())


def _capitalised(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))


_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def _smart_case(text: str, acronyms: set[str]) -> str:
    """An all-capitals paragraph as a mixed-case one would read: ordinary words in lower case, names
    capitalised (`DLAMINI-ZUMA` -> `Dlamini-Zuma`), titles, organisation words and places capitalised,
    and acronyms (known ones, and those the cable spells out in parentheses) left in capitals."""
    def word(m: re.Match) -> str:
        w = m.group(0)
        if not w.isupper() or len(w) < 2:
            return w
        bare = _without_possessive(w)
        common = is_common(bare)
        if bare in acronyms or bare in known_org_acronyms() and not common or _government(bare, common) \
                or bare in NOT_BODIES or (len(bare) <= 3 or _UNSPOKEN.match(bare)) and not common \
                or not common and len(bare) <= 6 and bare == w and _BODY_NEXT.match(text, m.end()):
            return w  # (`WHO`, `AID`, `GOD` in an all-capitals text are the words; `ADOC LEADERSHIP`: a body's)
        title = _capitalised(w.lower())
        bare_title = _without_possessive(title)
        if bare_title in _CAPITALISED or bare_title in _places() or not common:
            return title
        return w.lower()
    return _GIVEN_BEFORE_SURNAME.sub(_given, _SURNAME_AFTER_GIVEN.sub(_surname, _CAPS_WORD.sub(word, text)))


# After a word no dictionary has, in capitals, what says it is a body's acronym (`ADOC LEADERSHIP`, `OASGA MEMBERS`)
_BODY_NEXT = re.compile(r" (?:LEADERS?|LEADERSHIP|MEMBERS?|OFFICIALS?|SPOKESMAN|CHAIRMAN|DELEGATION|CANDIDATES?|"
                        r"SUPPORTERS|ACTIVISTS|FORCES|TROOPS|MILITANTS|HEADQUARTERS|FACTION|CAUCUS)\b")
# A word no one could say as written, so an acronym: no vowel, or one doubled at the start (`IIAF`)
_UNSPOKEN = re.compile(r"[^AEIOUY]+$|([AEIOU])\1")
# In an all-capitals text made mixed-case: a given name, then a word the dictionary has (`William heath`)
_SURNAME_AFTER_GIVEN = re.compile(r"\b([A-Z][a-z]+) ([a-z][a-z'-]{2,})\b")


def _surname(m: re.Match) -> str:
    """`William heath` -> `William Heath`: after a given name an ordinary word is the surname, unless it
    is a verb or a word that links (`James said`, `John and`)."""
    given, word = m.groups()
    if not is_given_name(given) or word in CONNECTORS or _VERB_WORD.fullmatch(word):
        return m.group(0)
    return f"{given} {_capitalised(word)}"


# In an all-capitals text made mixed-case: an ordinary word, then a name no dictionary has (`nelson Mandela`)
_GIVEN_BEFORE_SURNAME = re.compile(r"\b([a-z]{3,}) ([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b")


def _given(m: re.Match) -> str:
    """`nelson Mandela` -> `Nelson Mandela`: before a name no dictionary has, a given name that is also a
    word (`Nelson`, `Marco`) opens it, unless it is a verb or a word that links (`will Mugabe`, `in Lusaka`)."""
    given, name = m.groups()
    if not is_given_name_word(given) or given in CONNECTORS or _VERB_WORD.fullmatch(given) or is_common(name) \
            or name in _CAPITALISED or name in _places():
        return m.group(0)
    return f"{given.capitalize()} {name}"


def _government(word: str, common: bool) -> bool:
    """Is an all-capitals word a government's acronym (`GOI`, `GOB`, `USG`), not an everyday word that
    looks like one (`GOOD`, `GOD`)? A three-letter `GO?` is, unless it is a word a cable writes."""
    return bool(GOVERNMENTS.fullmatch(word)) and (not common or len(word) == 3 and word not in EVERYDAY_GO_WORDS)


_CAPITAL_START = re.compile(r"[ \n][A-Z]")  # (a literal first: the engine skips to the spaces)
_LOWER, _UPPER = string.ascii_lowercase.encode(), string.ascii_uppercase.encode()
_SHAPES = bytes.maketrans(_UPPER + b"\n", b"A" * 26 + b" ")  # every capital an `A`, every line break a space


def _list_like(text: str) -> bool:
    """A list of names, places and products rather than prose (`09STATE15113`'s inventory): most of
    its words capitalised. (Counted in C, on bytes: a loop over the words cost 10 % of the analysis, a
    search for `[ \n][A-Z]` 3 %; `?` stands for each letter outside ASCII, so positions are kept.)"""
    if len(text) < 300:
        return False
    words = text.count(" ") + text.count("\n") + 1
    return words > 40 and text.encode("ascii", "replace").translate(_SHAPES).count(b" A") > 0.45 * words


def _mostly_capitals(text: str) -> bool:
    """Are nine in ten of the ASCII letters opening `text` capitals (an all-capitals paragraph)?"""
    head = text[:400].encode("ascii", "ignore")  # (bytes.translate deletes in C, 4x faster than str's)
    lower, upper = len(head) - len(head.translate(None, _LOWER)), len(head) - len(head.translate(None, _UPPER))
    return upper + lower > 20 and upper > 0.9 * (upper + lower)


_SPELLED_OUT = re.compile(r"\(([A-Z][A-Z&-]{1,9})\)")  # `(FDP)`: an acronym, also in an all-capitals text
_CAPITALISED = ({w.rstrip(".").capitalize() for t in TITLES for w in t.split() if w not in CONNECTORS}
                | ORG_WORDS - {"Review", "Post", "Times", "News", "Watch", "Trust", "Department", "Service", "Office"} | ADJECTIVES | PORTFOLIOS | KEEP_CAPITALISED
                | {m.capitalize() for m in MONTH_NAMES} | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                         "Saturday", "Sunday"})


def extract_entities(cable: Cable) -> list[Entity]:
    """People and organisations in a cable, each with its mentions merged and the titles seen."""
    found: dict[str, _Found] = {}

    def add(kind: str, name: str, paragraph: int | None, title: str | None = None,
            aliases: tuple[str, ...] = ()) -> None:
        name = " ".join(name.split()).strip(" ,.;:'\"")
        if kind == "person":  # a country is never part of a person's name (`Nazarbayev Kazakhstan`) or alias
            words = name.split()
            while len(words) > 1 and words[-1] in _countries():
                words.pop()
            name, aliases = " ".join(words), tuple(a for a in aliases if a not in _countries())
        elif kind == "organization" and (bare := _without_legal_form(name)) != name:
            # `Sanofi Pasteur SA` is `Sanofi Pasteur`; `Cosan SA` stays so (a word alone could be anyone's)
            name, aliases = (bare, (name, *aliases)) if " " in bare else (name, (bare, *aliases))
        if len(name) < 2 or name[:3].lower() == "xxx":  # too short, or a redaction
            return
        key = entity_key(kind, name)
        entity = found.get(key)
        if entity is None:
            entity = found[key] = _Found(kind, name, key)
        entity.mentions += 1
        if title and title not in entity.titles:
            entity.titles.append(title)
        if paragraph is not None and paragraph not in entity.paragraphs:
            entity.paragraphs.append(paragraph)
        for alias in aliases:
            if alias not in entity.aliases and alias != name:
                entity.aliases.append(alias)

    spelled = set(_SPELLED_OUT.findall(cable.body)) if "(" in cable.body else set()
    in_capitals = [_mostly_capitals(p.text) for p in cable.paragraphs]
    texts = [(p.number, _smart_case(p.text, spelled) if caps else p.text) for p, caps in zip(cable.paragraphs, in_capitals)]
    listed = [_list_like(text) for _, text in texts]
    strictness = [caps or lists for lists, caps in zip(listed, in_capitals)]
    capitals = {number: caps and not lists for (number, _), lists, caps in zip(texts, listed, in_capitals)}
    if cable.subject:
        texts.insert(0, (None, cable.subject if not cable.subject.isupper() else ""))
        strictness.insert(0, True)

    # Acronyms defined in the text: the full name becomes the organisation, the acronym an alias;
    # an acronym defined as a thing (`Joint Standoff Weapon (JSOW)`) is no body (None).
    acronyms: dict[str, str | None] = {}
    for number, text in texts:
        for m in _acronym_definitions(text):
            # the organisation right before the acronym: `Brazil's National Institute of Space Research (INPE)`
            name = _strip_connectors(m.group("name").split())
            orgs = _trim_org(name)
            full = (orgs or [name])[-1]
            acr = m.group("acr")
            if full and (len(full.split()) >= 2 or _JOINED_NAME.fullmatch(full)) and acr not in acronyms:
                if orgs or _defines_a_body(full, acr):
                    acronyms[acr] = full
                    add("organization", full, number, aliases=(acr,))
                else:
                    acronyms[acr] = None

    for (number, text), strict in zip(texts, strictness):
        _scan(text, number, add, acronyms, cable.body, strict, capitals.get(number, False))
        for m in _single_orgs(text):
            if not _within_a_name(text, m):  # `Honduran Congress`, `EU Parliament`: part of a longer name
                add("organization", m.group(0), number)
        for name in _named_by_what_they_own(text, cable.body):
            add("person", name, number)
        for name in _enumerated_bodies(text):
            add("organization", name, number)

    for tag in cable.tags:
        if tag.kind == "person" and "," in tag.code:
            surname, given = (part.strip() for part in tag.code.split(",", 1))
            add("person", _title_case(f"{given} {surname}"), None, aliases=(tag.code,))
    for signer in cable.signers:
        add("person", _title_case(signer), None, "signer")
    for addressee in cable.addressees:
        if not addressee.name:
            continue
        role = f"addressee {addressee.office or addressee.agency}"
        glued = re.fullmatch(r"([A-Z])\.? ?([A-Z][A-Z'-]+)", addressee.name)
        if glued and (addressee.raw.endswith(f"({addressee.name})") or _glued_initial(addressee.name)):
            # State's form: the first initial glued to the surname (`(JMUDGE)`, `RMILLER`)
            add("person", f"{glued.group(1)}. {_title_case(glued.group(2))}", None, role, aliases=(addressee.name,))
        elif name := _addressee_name(addressee.name):
            add("person", name, None, role, aliases=(addressee.name,))
    bodies = {e.name for e in found.values() if e.kind == "organization"}
    surnames = {e.name.split()[-1] for e in found.values() if e.kind == "person"}
    people = [e for e in found.values() if not (e.kind == "person" and e.name in bodies)  # `oil trader Gunvor`
              and not (e.kind == "organization" and _persons_government(e.name, surnames))]
    return [Entity.trusted(kind=e.kind, name=e.name, key=e.key, titles=e.titles, aliases=e.aliases,
                           paragraphs=e.paragraphs, mentions=e.mentions)
            for e in _merge_surnames(people, [t for _, t in texts])]


def _without_legal_form(name: str) -> str:
    """A company's name without the legal forms ending it (`Vetter Pharma Fertigung GmbH & Co KG` ->
    `Vetter Pharma Fertigung`, `Instituto Grifols, SA` -> `Instituto Grifols`)."""
    if name[name.rfind(" ") + 1:].rstrip(".,") not in LEGAL_FORMS:  # (most names: one look-up)
        return name
    words = name.replace(",", " ").split()
    end = len(words)
    while end > 1 and (words[end - 1].rstrip(".") in LEGAL_FORMS or words[end - 1] == "&") \
            and words[end - 2] not in ("of", "and", "in", "for", "the"):  # (`Movement of SA`: South Africa)
        end -= 1
    return " ".join(words[:end]) if end < len(words) and words[end - 1] != "&" else name


class _Found:
    """An entity while a cable is read (an `Entity` once it is all read: a pydantic model is
    dear to build and to change, 7 µs a mention)."""

    __slots__ = ("kind", "name", "key", "titles", "aliases", "paragraphs", "mentions")

    def __init__(self, kind: str, name: str, key: str) -> None:
        self.kind, self.name, self.key = kind, name, key
        self.titles: list[str] = []
        self.aliases: list[str] = []
        self.paragraphs: list[int] = []
        self.mentions = 0


_CLUSTERS = {"bl", "br", "ch", "cl", "cr", "dr", "dw", "fl", "fr", "gl", "gr", "kh", "kl", "kr", "ph", "pl", "pr", "sc",
             "sh", "sk", "sl", "sm", "sn", "sp", "st", "sv", "sw", "th", "tr", "ts", "tw", "wh", "wr", "zh", "zw"}


# A lone name that owns a government, a family or a predecessor (`the Bush administration`, `the Zardari
# government`, `Uribe's Secretary of the Presidency`, `Hannibal's mother`, `Mbeki's predecessor`): what is
# owned is found first (a government's word, or what follows a possessive: rare), then the name before it.
_QUALITY = r"(?:(?:late|former|beloved|elder|eldest|younger|own|new|current)\s+)?"
# A government's words without their first letter, and the letters that may open them: a pattern that starts
# with a literal is searched in C from one to the next (twice as fast as one that tries the three at each letter)
_GOVERNED = ((re.compile(r"dministration\b"), "Aa"), (re.compile(r"overnment\b"), "Gg"), (re.compile(r"regime\b"), ""))
_POSSESSED = re.compile(rf"['\u2019]s?\s+{_QUALITY}(?P<what>[Aa]dministration|[Gg]overnment|"
                        r"regime|wife|husband|sons?|daughters?|mother|father|brother|sister|widow|family|nephew|cousin|"
                        r"uncle|predecessor|successor|Secretary|[A-Z][a-z]+)\b")
_OWNER = re.compile(rf"\b(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?P<own>'s|\u2019s|'|\u2019)?\s+{_QUALITY}$")
_POSSESSOR = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)$")


def _named_by_what_they_own(text: str, body: str) -> Iterator[str]:
    """The lone names in `text` that own what only a person has: a government named by them (`the Bush
    administration`), a relative, a predecessor or a secretary after a possessive (`Uribe's Secretary`),
    or a country (`Mugabe's Zimbabwe`). A nationality, a place, a body or an ordinary word is none, but
    before a lower-case `administration` (`the Bush administration`: a body's is capitalised)."""
    owned = _governments(text) if "dministration" in text or "overnment" in text or "regime" in text else []
    if "'" in text or "\u2019" in text:
        owned += [(m.start(), m.group("what"), True) for m in _POSSESSED.finditer(text)
                  if not m.group("what") in ("administration", "government", "regime", "Administration", "Government")]
    for at, what, possessed in owned:
        if possessed:
            owner = _POSSESSOR.search(text, max(0, at - 40), at)
        else:
            owner = _OWNER.search(text, max(0, at - 60), at)
            possessed = bool(owner and owner.group("own"))
        name = owner and owner.group("name")
        if not name or _POSSESSOR.search(text, max(0, owner.start() - 30), owner.start() - 1):
            continue  # the end of a longer name (`Saudi Arabian government`, `Rafik Hariri's son`)
        if what[0].isupper() and what not in ("Administration", "Government", "Secretary") and not (
                possessed and what in _countries()):
            continue
        if what[0].islower() and what not in ("administration", "government", "regime") and not possessed:
            continue
        if name not in ADJECTIVES and (not is_common(name) or what == "administration") and _is_surname(name, body) \
                and name not in OPENERS and not _used_as_place(name, body):
            yield name


# Bodies named in a row beside the plural that says what they are: `exporting cooperatives Copersucar and
# Crystalsev`, `Turkish companies (Durma, Baykal, Ermaksan)`, `the Labour nor Conservative parties`
_PLURALS = {"companies", "parties", "dailies", "newspapers", "papers", "cooperatives", "firms"}
_PLURAL_ENDS = ("ies", "ers", "ves", "rms")  # (searched for: a search for each plural cost 0.2 % of the analysis)
_ITEM = r"(?:the\s+)?(?![A-Z]+s\b)[A-Z][\w'\u2019&-]*(?:\s+[A-Z][\w'\u2019&-]*){0,3}"  # (not `NOCs`: a plural)
_ITEMS = rf"{_ITEM}(?:,\s+{_ITEM})*(?:,?\s+(?:and|or|nor)\s+{_ITEM})?"
_ROW_AFTER = re.compile(rf"\s+(?:\((?P<listed>{_ITEMS})\)|(?:such\s+as\s+|including\s+)?(?P<named>{_ITEMS})"
                        rf"|[^.;:()]{{0,80}}?,\s+such\s+as\s+(?P<examples>{_ITEMS}))")  # (`papers sympathetic to X, such as Y`)
_ROW_BEFORE = re.compile(rf"(?P<named>{_ITEM}(?:,\s+{_ITEM})*,?\s+(?:and|or|nor)\s+{_ITEM})\s+$")
_ITEM_SPLIT = re.compile(r",\s+(?:(?:and|or|nor)\s+)?|\s+(?:and|or|nor)\s+")


def _enumerated_bodies(text: str) -> Iterator[str]:
    """The bodies a row names beside the plural that says what they are (`cooperatives Copersucar and
    Crystalsev`, `companies (Durma, Baykal, Ermaksan)`, `the Labour and Conservative parties`, `papers
    sympathetic to the ANC, such as the Sowetan`): each
    item that is no place, title or sentence word. (The plurals are found by their endings with
    str.find, the rows matched only beside them: a pattern searched over each paragraph cost 5 % of
    the analysis.)"""
    for ending in _PLURAL_ENDS:
        at = text.find(ending)
        while at >= 0:
            end = at + 3
            if text[end:end + 1].isspace():
                start = text.rfind(" ", 0, at) + 1
                if text[start:end] in _PLURALS:
                    word = text.rfind(" ", 0, start - 1) + 1  # (the row before is looked for after a capital only)
                    before = text[word:word + 1].isupper() and text[start:end] != "papers"  # (`ONSC and X papers`)
                    rows = [_ROW_AFTER.match(text, end), _ROW_BEFORE.search(text, max(0, start - 120), start) if before
                            else None]
                    for m in filter(None, rows):
                        found = m.groupdict()
                        if text[start:end] != "papers" or found.get("examples"):  # (papers are documents too)
                            yield from _bodies_of(found["named"] or found.get("listed") or found.get("examples") or "")
            at = text.find(ending, end)


def _bodies_of(row: str) -> Iterator[str]:
    """The items of a row that may be bodies: no place, title or sentence word."""
    for item in _ITEM_SPLIT.split(row):
        name = _strip_connectors(item.split())
        words = name.split()
        if words and not _is_place(name) and words[0] not in NOT_NAMES and words[0] not in _TITLE_FIRST \
                and words[0] not in LANGUAGES \
                and not any(w in NOT_PERSON_WORDS for w in words) and len(name) > 1:
            yield name


def _governments(text: str) -> list[tuple[int, str, bool]]:
    """(start, word, False) for each `[Aa]dministration`, `[Gg]overnment` and `regime` ending a word in
    `text`, in order."""
    found = []
    for pattern, first in _GOVERNED:
        for m in pattern.finditer(text):
            at = m.start() - (first != "")
            if not first or at >= 0 and text[at] in first:
                found.append((at, text[at:m.end()], False))
    return sorted(found)


def _persons_government(name: str, surnames: set[str]) -> bool:
    """Is `name` a person's government (`the Bush Administration`, `the Funes Government`), named by
    the surname of someone the cable names: no body's name?"""
    words = name.split()
    return len(words) == 2 and words[1] in ("Administration", "Government", "government") and words[0] in surnames


def _glued_initial(name: str) -> bool:
    """`RMILLER`, `FTOWNSEND`: two consonants no name starts with (`SHANNON`, `STAMILIO` are surnames)."""
    head = name[:2].lower()
    return len(name) > 3 and name.isalpha() and not any(c in "aeiouy" for c in head) and head not in _CLUSTERS


_ADDRESSEE_TITLES = {"A/S", "DAS", "AMB", "ASSISTANT", "SECRETARY", "SENIOR", "DIRECTOR", "DEPUTY", "ACTING", "SPECIAL",
                     "REPRESENTATIVE", "ENVOY", "COORDINATOR", "MR", "MS", "MRS", "DR", "UNDER", "U/S", "S/S", "AND",
                     "FOR", "TO", "ATTN", "PASS", "PDAS", "DASD", "ASD", "CHIEF", "HEAD", "OFFICER", "DESK"} | {
    w.upper().rstrip(".") for t in TITLES for w in t.split()}


def _addressee_name(name: str) -> str | None:
    """The person an addressee names after any title (`A/S BURNS` -> Burns, `SENIOR AFRICA DIRECTOR
    MICHELLE GAVIN` -> Michelle Gavin): the last one to three words that are no title or office."""
    words: list[str] = []
    for word in reversed(name.split()):
        if word.upper() in _ADDRESSEE_TITLES or not re.fullmatch(r"[A-Za-z][A-Za-z'-]+", word) or len(words) == 3:
            break
        words.insert(0, word)
    return _title_case(" ".join(words)) if words else None


def _single_orgs(text: str) -> Iterator[re.Match]:
    """The lone-word bodies (Duma, Hamas...) a text names, as whole words, in order."""
    for m in _SINGLE_ORG.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before == "_"):  # what \b means before a word
            yield m


_WORD_BEFORE_CAPITAL = re.compile(r"([A-Z][\w'-]*|[A-Z]{2,})\s+$")


def _within_a_name(text: str, m: re.Match) -> bool:
    """Is a lone body's word the end of a longer capitalised name (`the Honduran Congress`)?"""
    before = _WORD_BEFORE_CAPITAL.search(text, max(0, m.start() - 30), m.start())
    return bool(before) and (before.group(1) not in NOT_NAMES or before.group(1) in ADJECTIVES) \
        and not _opens_sentence(text, before.start(1))


_PAREN_ACRONYM = re.compile(rf"\s\({_ACR}\)")
_NAME_WINDOW = 300  # a defined name ends right before its "(ACRONYM)" and is never longer than this
_CALLED = ("goes by", "known as", "known by", "called")


def _acronym_definitions(text: str) -> list[re.Match]:
    """`Full Name (ACR)` and `Full Name, which goes by the acronym ACR` in a paragraph. The costly
    name pattern runs only just before each `(ACR)` found by a cheap pass."""
    found: list[re.Match] = []
    cursor = 0
    for paren in _PAREN_ACRONYM.finditer(text) if "(" in text else ():
        if paren.start() < cursor:
            continue
        m = _ACRONYM_PAREN.search(text, max(cursor, paren.start() - _NAME_WINDOW), paren.end())
        if m:
            found.append(m)
            cursor = m.end()
    if any(phrase in text for phrase in _CALLED):
        found += _ACRONYM_WORDS.finditer(text)
    return found


_ARTICLE = r"(?:al|el|as|ash|ad|an|at|az|ar|ul)-"  # `al-Qadhafi`, `el-Din`: an Arabic article glued to a name
_TOKEN = (r"(?:[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Amb|Gen|Lt|Col|Maj|Adm|Sen|Gov|Rep|Prof|St|Brig)\.|"
          rf"(?:{_ARTICLE})?[A-Z][\w'\u2019&/-]*)")
# the leading look-ahead lets the engine skip to capitals before it tries the token alternatives (2x faster)
_RUN = re.compile(rf"(?=[A-Z]){_TOKEN}(?:(?:\s+(?:of|for|and|on|the|in|&|de|da|do|del|e|y|bin|al|el|van|von))"
                  rf"{{0,3}}\s+{_TOKEN})*")
# Titles and their plurals (`Presidents Reagan and Bush`; a plural before an ordinary word is none:
# `the Leaders Statement`, `Deputies Committee-approved`)
_PLURAL_TITLES = {(*t.split()[:-1], re.sub(r"y$", "ie", t.split()[-1]) + "s")
                  for t in TITLES if t[-1].isalpha() and t[-1].islower()}
_TITLE_WORDS = {tuple(t.split()) for t in TITLES} | _PLURAL_TITLES
_TITLE_MAX = max(len(t) for t in _TITLE_WORDS)
_TITLE_FIRST = {t[0] for t in _TITLE_WORDS}
_TITLE_TOKENS = {w for t in _TITLE_WORDS for w in t} | {"Manager", "Administrator", "Inspector", "Supreme"}
_ROLE_WORD = re.compile(r"\s+(head|chairman|chair|leader|chief|director|spokesman|founder|president|secretary|"
                        r"member|deputy|editor|owner|advisor|adviser)\s+$")
_OF_THE = re.compile(
    r",?\s+(?:the\s+)?(?P<role>(?:(?:head|chairman|chair|leader|chief|member|deputy|director|spokesman|founder|"
    r"secretary|president)\s+)?of\s+the\s+(?:[a-z-]+\s+){0,2}[A-Z][A-Za-z-]+(?:\s+[A-Z][A-Za-z-]+)*"
    r"(?:\s+[Pp]arty)?)")
_SPEECH = ("said|told|stressed|noted|added|explained|asked|argued|claimed|replied|insisted|warned|complained|"
           "acknowledged|emphasized|underscored|recalled|commented|suggested|agreed")
_MEDIA = r"newspaper|daily|weekly|magazine|news\s+magazine|news\s+agency|tabloid"
# The word after a capitalised run: `party` (`Likud party`, `Tudeh (communist) party`), what names a publication (`"Semana" news
# magazine`), or a verb of speech (`Karzai said`).
_WORD_AFTER = re.compile(rf"[\"\u201d]?\s+(?:(?:\([a-z ]{{3,30}}\)\s+)?(?P<party>[Pp]arty)|(?P<media>{_MEDIA})|(?P<spoke>{_SPEECH}))\b")
# After a run of two names or more, what says it is a person: a comma, a verb of speech or a few others.
_VERB_AFTER = re.compile(rf"(?:,|\s+(?:{_SPEECH}|says|confirmed|believes|believed|reported|described|expressed|"
                         r"who|was|is|has|had|and\s+[A-Z]|[a-z]{3,}ed\b|the\s+(?:former|current|new)\b|as\s+the\b))")
# Weaker signs after a name, not trusted in a list-like or all-capitals paragraph: a parenthesis, a
# dash, an office after `of` or `in` (`Michael Zarin of S/P`, `Sharri R. Clark in S/CT`).
_WEAK_AFTER = re.compile(r"\s+(?:\(|--(?!-)|(?:of|in)\s+[A-Z]{1,6}(?:/[A-Z]+)+\b)")  # (`----`: a heading's rule)
_NAME_WORD = re.compile(rf"(?:{_ARTICLE})?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'\u2019][A-Z]?[a-z]+)*\.?$|[A-Z]\.$")
# After a lone name, what says it is a person's: a verb (`Mugabe has been using delay`, `Uribe's`
# is not enough: places and companies own things too).
_VERBS = (r"has|had|is|was|will|would|did|does|can|could|may|might|should|must|wants|wanted|seems|seemed|appears|"
          r"appeared|remains|remained|took|made|met|gave|went|came|left|won|lost|asked|called|accused|announced|"
          r"expressed|agreed|refused|rejected|denied|praised|criticized|criticised|urged|visited|plans|planned|hopes|"
          r"hoped|believes|thinks|thought|knows|knew|sees|saw|wrote|spoke|became|decided|promised|threatened|signed|"
          r"returned|arrived|resigned|admitted|vowed|pledged|declared|insisted|stated|indicated|offered|sought|tried|"
          r"continues|continued|responded|assured|explained|described|ordered|appointed|named|nominated|launched|"
          r"led|leads|opposed|supported|backed|met")
_LONE_VERB = re.compile(
    r"\s+(?:(?:also|then|later|now|reportedly|himself|herself|again|still|clearly|quickly)\s+)?"
    rf"(?:{_VERBS})\b")


def _scan(text: str, number: int | None, add, acronyms: dict[str, str], body: str, strict: bool,
          capitals: bool = False) -> None:
    """One pass over the capitalised runs of a paragraph of `body`, classifying each by its words and
    context; `strict` (an all-capitals or list-like paragraph): only strong signs make a person, or in
    an all-capitals one (`capitals`) a verb after a name the cable names often."""
    previous_end, previous_run = -1, ""
    known = known_org_acronyms()
    for m in _RUN.finditer(text):
        if m.group(0) in _INERT:  # (a third of the lone runs: looked up once, not sent down the rules)
            previous_end, previous_run = m.end(), m.group(0)
            continue
        if " " in m.group(0) and _opener(m.group(0).split(None, 1)[0]) and _opens_sentence(text, m.start()) \
                and (m := _past_opener(text, m)) is None:
            continue
        run = m.group(0)
        if " " not in run:  # a lone capitalised word: an acronym, or "X party"
            word, kind, common = _lone(run)
            if _IDENTIFIER.match(text, m.end()):
                pass  # `ISN US9EG-00369DP`, `ISN-194`: a detainee's number, not the bureau
            elif kind == _CODE:
                if not _acronym(word, number, add, acronyms, known) and (
                        _office(word) or _names_a_body(word, text, m.start(), m.end(),
                                                       strict and not _frequent(word, body, capitals))
                        or _may_name_a_body(word) and _noun_before(text, m.start(), _BODY_BEFORE)):
                    add("organization", word, number)  # `AKP officials`, `the MDC leader`, `ISN/MTR`, `supplier ENBW`
            elif kind == _KNOWN_BODY:
                add("organization", word, number)  # `Centcom`
            elif after := _WORD_AFTER.match(text, m.end()):
                if party := _party(after, word):
                    add("organization", party, number, "party")
                elif after.group("media") and word not in NOT_NAMES:
                    add("organization", word, number)  # `"Semana" news magazine`
                elif after.group("spoke") and word == run and _is_surname(word, body):
                    add("person", word, number)  # `Karzai said`: in cables a lone name that speaks is a person
            elif kind == _NATIONALITY and (body_noun := _NATIONAL_BODY.match(text, m.end())):
                add("organization", f"{word} {body_noun.group(1)}", number)  # `the Saudi government`, `embassy`
            elif not common and _opens_sentence(text, m.start()):
                if (not strict or _frequent(word, body, capitals)) and word == run and _LONE_VERB.match(text, m.end()) and _is_surname(word, body) \
                        and not _used_as_place(word, body):
                    add("person", word, number)  # `Zapatero was criticized`: a verb says so at a sentence's start too
                elif text[m.start() - 1:m.start()] in ('"', "\u201c") and word not in NOT_NAMES \
                        and _noun_before(text, m.start(), _QUOTED_BODY_NOUNS):
                    add("organization", word, number)  # `the state chemical concern "Turkmenkhimiya"`
            elif not common:
                if (_noun_before(text, m.start(), ORG_NOUNS) or _appositive_body(text, m.end())) and word not in NOT_NAMES \
                        and not _is_place(word) and word not in LEGAL_FORMS:
                    add("organization", word, number)  # `oil trader Gunvor`, `Transneft, the oil transport monopoly`
                elif word == run and (  # (the signs around it first: the questions of the whole cable cost more)
                        (role := _noun_before(text, m.start(), ROLE_NOUNS))
                        or text.endswith("according to ", 0, m.start())
                        or (not strict or _frequent(word, body, capitals)) and _LONE_VERB.match(text, m.end())) \
                        and _is_surname(word, body) and not _used_as_place(word, body):
                    add("person", word, number, role)  # `magistrate Garzon`, `Mugabe has been using delay`
            previous_end, previous_run = m.end(), word
            continue
        run = _cut_run(run).rstrip(".,;:")
        start, end = m.start(), m.start() + len(run)
        tokens = run.split()
        # `UN Framework Convention`: a document's (not `MFA Minister of State for …`: an official's)
        modifier = tokens[1:2] != [] and tokens[1] not in _TITLE_FIRST and not NOT_PERSON_WORDS.isdisjoint(tokens[1:])
        whole = m.group(0).split()  # (with what a cut left out: `… in S/CT`)
        for k, token in enumerate(whole):
            if not (token[1:2].isupper() or token.startswith("Go") and GOVERNMENTS.match(token) or "/" in token):
                continue
            word = _without_possessive(token.strip(".,;:()"))
            if k + 1 < len(whole) and any(c.isdigit() for c in whole[k + 1]):
                continue  # `ISN US9LY-00727-DP`: a detainee's number, not the bureau
            if k == 0 and modifier and word not in acronyms:
                continue  # `UN Framework Convention`, `UN International Strategy`: part of a document's name
            if not _acronym(word, number, add, acronyms, known) and (
                    _office(word) or k == len(whole) - 1 and _names_a_body(word, text, m.start(), m.end(), True)
                    or k == 0 and whole[1] in BODY_AFTER  # `ESO Chief Musa Kusa`: a body's chief
                    and _names_a_body(word, text, m.start(), m.start() + len(token), True)):
                add("organization", word, number)  # `ISN/MTR`, `PSDB leader Aecio Neves`
        if " and " in run and not _has_org_word(tokens) and not _and_in_portfolio(tokens):
            # "Oyvind Christophersen and Marit Pettersen", "President Lula and President Morales": one at a time
            offset, people = start, []

            def tracked(kind: str, name: str, *args, **kwargs) -> None:
                if kind == "person":
                    people.append(name)
                add(kind, name, *args, **kwargs)

            parts = run.split(" and ")
            for part in parts:
                _classify(text, part, offset, offset + len(part), number, tracked, previous_end, previous_run, strict,
                          capitals)
                offset += len(part) + len(" and ")
            for part in parts if people else ():  # `Castro and Hugo Chavez`: the lone name beside a person
                word = _without_possessive(part)
                if " " not in word and word not in people and not is_common(word) and _is_surname(word, body) \
                        and not _used_as_place(word, body):
                    add("person", word, number)
            previous_end, previous_run = end, run
            continue
        _classify(text, run, start, end, number, add, previous_end, previous_run, strict, capitals)
        previous_end, previous_run = end, run


_CODE, _KNOWN_BODY, _NATIONALITY, _WORD = range(4)


@lru_cache(maxsize=65536)
def _lone(run: str) -> tuple[str, int, bool]:
    """What a lone capitalised run says by itself, whatever its cable (asked once a run): its word (without
    a closing stop or possessive), the kind of word (an acronym or office code, a known body written as a
    word: `Centcom`, a nationality, else any word) and whether it is an ordinary English word."""
    word = _without_possessive(run.rstrip(".,;:"))
    if word[1:2].isupper() or GOVERNMENTS.fullmatch(word) or _office(word):
        kind = _CODE
    elif word.upper() in known_org_acronyms() and len(word) > 3 and word[1:].islower():
        kind = _KNOWN_BODY
    else:
        kind = _NATIONALITY if word in NATIONALITIES else _WORD
    return word, kind, is_common(word)


# Lone capitalised words that name nothing whatever follows them: pronouns, articles, conjunctions,
# prepositions and sentence adverbs opening a sentence (`He said`, `The party`, `However`)
_INERT = frozenset({
    "He", "She", "It", "We", "They", "I", "You", "His", "Her", "Its", "Our", "Their", "Your", "The", "A", "An", "This",
    "That", "These", "Those", "There", "Here", "In", "On", "At", "For", "By", "To", "Of", "From", "With", "Within",
    "Without", "During", "After", "Before", "Since", "Until", "Under", "Over", "Through", "Among", "Between",
    "Against", "Beyond", "Despite", "As", "And", "But", "Or", "Nor", "So", "Yet", "If", "When", "While", "Although",
    "Though", "Because", "Whether", "What", "Who", "Which", "Where", "Why", "How", "However", "Also", "Thus", "Still",
    "Now", "Then", "Meanwhile", "Moreover", "Furthermore", "Nevertheless", "Instead", "Indeed", "Perhaps", "Rather",
    "Only", "Even", "Not", "No", "Both", "Some", "Many", "Most", "Other", "Such", "Any", "All", "Each", "Another",
    "Several", "One", "Two", "Three", "According", "Following", "Given", "Finally", "Separately", "Similarly",
    "Additionally", "Recently", "Currently", "Otherwise", "Likewise",
})


def _and_in_portfolio(tokens: list[str]) -> bool:
    """Is an `and` of a run part of a title's portfolio (`Minister of Culture and Tourism Erkan Mumcu`)?"""
    title = _find_title(tokens)
    return title is not None and "and" in tokens[title[0]:title[1]]


def _opener(word: str) -> bool:
    """Is `word`, opening a sentence, no part of a name after it (`Despite`, `What`, `Citing`; not `Wen`)?"""
    return word in OPENERS or word.endswith(("ing", "ly")) and is_common(word) and not is_given_name(word)


def _past_opener(text: str, m: re.Match) -> re.Match | None:
    """A run that opens its sentence without its opening word (`Despite Saleh` -> `Saleh`, `What
    Chavez` -> `Chavez`); None when nothing capitalised follows (`When the`)."""
    first = m.group(0).split(None, 1)[0]
    after = _CAPITAL_START.search(text, m.start() + len(first), m.end())
    return _RUN.match(text, after.start() + 1) if after else None


def _classify(text: str, run: str, start: int, end: int, number: int | None, add, previous_end: int,
              previous_run: str, strict: bool = False, capitals: bool = False) -> None:
    """Decide what one capitalised run names, from its words and the text around it (`strict`: in an
    all-capitals or list-like paragraph; `capitals`: all-capitals prose)."""
    tokens = run.split()
    if len(tokens) >= 1:
        title = _find_title(tokens)
        if title is not None:
            i, j = title
            # two titled people in one run (`Chief of Staff Claude Gueant and Interior Ministry
            # Staffer Cederic Goubet`): the one before the last `and` first
            k = max(n for n in range(i) if tokens[n] == "and") if "and" in tokens[:i] else None
            if k is not None and _find_title(tokens[:k]) is not None:
                _classify(text, " ".join(tokens[:k]), start, end, number, add, previous_end, previous_run, strict,
                          capitals)
                tokens, i, j = tokens[k + 1:], i - k - 1, j - k - 1
            name, rest = _titled_name(tokens[j:])
            if name and " " not in name and tokens[j - 1] in STAFF_TITLES:
                name = None
            if name:
                head = tokens[:i]
                for org in _trim_org(" ".join(rest)) if _has_org_word(rest) else ():
                    add("organization", org, number)  # "Professor Jose Goldemberg of the University of Sao Paulo"
                if any(w in ORG_WORDS for w in head):  # "Reserve Bank of Zimbabwe Governor Gideon Gono"
                    for org in _trim_org(" ".join(head)):
                        add("organization", org, number)
                    add("person", name, number, " ".join(tokens[i:j]))
                else:  # the title with its modifiers, after any connector: "Israeli Defense Minister"
                    k = max([n + 1 for n, t in enumerate(head) if t.lower() in CONNECTORS] or [0])
                    add("person", name, number, " ".join(tokens[k:j]))
                return
        if _has_org_word(tokens):
            for org in _trim_org(_last_item(run) if strict else run):
                add("organization", org, number)
        else:
            name = _clean_name(run)
            party = _party(_WORD_AFTER.match(text, end), name)
            if party:
                add("organization", party, number, "party")
            elif name and (_noun_before(text, start, ORG_NOUNS) or _titled_publication(name, text, end)) \
                    and not _is_place(name) and not (_all_common(name) and name.split()[0] not in ARTICLES):
                add("organization", name, number)  # `energy company Petrobras`, `daily El Pais`, `El Mundo claimed`
            elif " " not in name and _office_before(run) and not is_common(name) and _is_surname(name, text):
                add("person", name, number, _office_before(run))  # `S/CT Dailey`
            elif " " in name and _is_person_name(name) and not _is_place(name) and not _at_a_place(text, end):
                role = _ROLE_WORD.match(text, previous_end, start) if previous_end >= 0 else None
                after = None if role else _OF_THE.match(text, end)
                if role:
                    add("person", name, number, " ".join(f"{previous_run} {role.group(1)}".split()))
                elif after:
                    add("person", name, number, " ".join(after.group("role").split()))
                elif not _all_common(name) and (
                        (noun := _noun_before(text, start, ROLE_NOUNS) or _office_before(run))
                        or (_VERB_AFTER.match(text, end) and not (strict and text.startswith(",", end)))
                        or strict and _appositive_role(text, end)
                        or _given_first(name) and (not strict or not capitals or name.count(" ") == 1)
                        or not strict and (_WEAK_AFTER.match(text, end) or run.endswith(("'s", "\u2019s")))):
                    add("person", name, number, noun)  # `attorney Marcos Garcia Montes`, `Omar Nottaro (protect)`
                elif capitals and name.count(" ") > 1 and _given_first(tail := " ".join(name.split()[-2:])) \
                        and _all_common(name[:-len(tail)]):
                    add("person", tail, number)  # `MINISTER OF SAFETY AND SECURITY STEVE TSHWETE`: its last words


_PLACE_AFTER = re.compile(r",\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})")


_O_NAME = re.compile(r"[A-Z]'[A-Z][a-z]+")  # `O'Hale`


# After a name, a comma and a role with its article (`Sipho Seepe, for example, a political analyst`)
_APPOSITION = re.compile(r",\s+(?:for\s+example,\s+|however,\s+)?(?:[Aa]|[Aa]n|[Tt]he)\s+(?:[a-z-]+\s+){0,2}?(?:"
                         + "|".join(sorted(ROLE_NOUNS)) + r")\b")


# After a name, a comma and a body's noun with its article, ending the phrase (`Transneft, the primarily
# government-owned oil transportation monopoly.`)
_APPOSITION_BODY = re.compile(r",\s+(?:[Aa]|[Aa]n|[Tt]he)\s+(?:[\w-]+\s+){0,5}?(?:" + "|".join(sorted(ORG_NOUNS | {
    "monopoly", "holding", "producer", "exporter"})) + r")(?=[,.;:)]|\s+(?:which|that|based|owned|run)\b)")


def _appositive_body(text: str, end: int) -> bool:
    """Does a body's noun with its article follow the name ending at `end` after a comma, ending the
    phrase (`Transneft, the ... monopoly.`; not `Putin, the party leader`)?"""
    return text.startswith(",", end) and bool(_APPOSITION_BODY.match(text, end))


def _appositive_role(text: str, end: int) -> bool:
    """Does a role with its article follow the name ending at `end` after a comma (`, a political
    analyst`, `, the opposition leader`): a sign of a person where a comma alone is none (in a list)?"""
    return text.startswith(",", end) and bool(_APPOSITION.match(text, end))


def _given_first(name: str) -> bool:
    """Does `name` open with a given name and end with a word no dictionary has (`Fernando Coimbra`,
    `Marcelo Crivella`; not `Charles River`, `Le Monde`, `Santa Marta`, `Jose Couso--the`)?"""
    words = name.split()
    return is_given_name(words[0]) and words[0].lower() not in PARTICLES and words[0] not in _place_starts() \
        and not is_common(words[-1]) and all(_NAME_WORD.match(w) or _ROMAN.fullmatch(w) or w.lower() in PARTICLES
                                             or _O_NAME.fullmatch(w) for w in words) \
        and _TITLE_TOKENS.isdisjoint(words[-1].split("-"))


def _titled_publication(name: str, text: str, end: int) -> bool:
    """Is `name` a publication's, led by an article (`El Mundo`, `Der Spiegel`), that acts as a body
    (a verb, or `newspaper` after it)?"""
    words = name.split()
    return len(words) in (2, 3) and words[0] in ARTICLES and bool(_VERB_AFTER.match(text, end) or _WORD_AFTER.match(text, end))


def _noun_before(text: str, start: int, nouns: set[str]) -> str | None:
    """The lower-case word right before `start` when it is one of `nouns` (`magistrate`, `company`):
    the letters before the white space that ends the 24 characters before `start`, past a quotation
    mark (`the state chemical concern "Turkmenkhimiya"`). (Read backwards from `start`: a pattern
    searched over the window tried each of its 24 starts, 20 µs a call.)"""
    head = text[max(0, start - 24):start]
    bare = head.rstrip()
    if len(bare) == len(head):
        if not head.endswith(('"', "\u201c")):
            return None
        head = head[:-1]
        bare = head.rstrip()
        if len(bare) == len(head):
            return None
    at = len(bare)
    while at and bare[at - 1] in _ASCII_LETTERS:
        at -= 1
    word = bare[at:]
    return word if word in nouns else None


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _opens_sentence(text: str, at: int) -> bool:
    """Does the word at `at` open a sentence, a list item or a quotation?"""
    head = text[max(0, at - 3):at].rstrip()
    return not head or head[-1] in ".!?:;\"(-\u201c\n"


def _at_a_place(text: str, end: int) -> bool:
    """Is a run followed by `, Country` or `, City` (`Punta Gorda, Venezuela`): a place, not a person?"""
    m = _PLACE_AFTER.match(text, end)
    return bool(m) and _is_place(m.group(1))


_BUREAUS = {"EUR", "NEA", "ISN", "WHA", "EAP", "SCA", "AF", "CA", "OES", "PM", "INR", "DRL", "EEB", "IO", "S", "L"}


def _office(word: str) -> bool:
    """A State Department office by its code (`ISN/MTR`, `EUR/PRA`, `S/CT`, `CA/OCS/CI`)."""
    parts = word.split("/")
    return len(parts) > 1 and parts[0] in _BUREAUS and all(p.isupper() and p.isalpha() for p in parts) \
        and normalise_marking(word) is None  # (`S/NF` is a marking)


def _last_item(run: str) -> str:
    """In a list-like paragraph, the last item of a run that glues several (`Germanium Mine Baxter SA`,
    `Dublin Ireland Genzyme Ireland Ltd`, `Joint Strike Fighter BAE Systems`): what follows the last
    site before a name or a company (`Maputo Port Development Company` is one), a city, a country before
    a name (`Panama Defense Forces` is one), or an ordinary word before a name or an acronym (a
    capitalised one between names of a company is a name's: `Glaxo Smith Kline SpA`)."""
    tokens = run.split()
    for i in range(len(tokens) - 1, 0, -1):
        previous, word = tokens[i - 1], tokens[i]
        if not word[:1].isupper() or word in ORG_WORDS:
            continue
        named = not is_common(word) or _is_acronym(word) or tokens[-1].rstrip(".,") in LEGAL_FORMS \
            or not _has_org_word(tokens[i:])
        if previous in PLACE_WORDS and previous not in ORG_WORDS and named or previous in _places() and (
                not is_common(word) or previous not in _countries()):
            return " ".join(tokens[i:])
        if is_common(previous) and previous not in ORG_WORDS and previous not in KEEP_CAPITALISED \
                and not _is_acronym(previous) and (
                _is_acronym(word) or not is_common(word) and not (
                    previous[0].isupper() and i > 1 and _NAME_WORD.match(tokens[i - 2]) and not is_common(tokens[i - 2])
                    and tokens[-1].rstrip(".,") in LEGAL_FORMS)):
            return " ".join(tokens[i:])
    return run


def _office_before(run: str) -> str | None:
    """An office code opening a run (`D/USTR Peter Allgeier`): it says the rest is a person."""
    first = run.split()[0]
    return first if "/" in first and first.replace("/", "").isupper() and " " in run else None


def _used_as_place(word: str, body: str) -> bool:
    """Does the cable write `in Word`, `at Word`, `near Word` (`held in Guantanamo`; not `that
    Mugabe`: the preposition is a whole word) or name what `Word` governs (`Mayor of Salvador`)?"""
    return word in _placed(body)


@lru_cache(maxsize=4)
def _placed(body: str) -> frozenset[str]:
    """The words a cable's `body` writes after a place's preposition, found once for all its words."""
    return frozenset(_AFTER_PREPOSITION.findall(body))


# From the space before a capital (a literal first: the engine skips from space to space in C, twice as fast
# as trying the words at every letter), looking back for the preposition as a whole word
_PREPOSITIONS = ("in", "at", "near", "outside", "across", "inside", "into", "[Mm]ayor of", "[Gg]overnor of", "city of",
                 "province of", "[Ss]tate of")
_AFTER_PREPOSITION = re.compile(" (?=[A-Z])(?:" + "|".join(rf"(?<=(?<!\S){w} )" for w in _PREPOSITIONS)
                                + r")([A-Z][\w'\u2019-]*)")


def _all_common(name: str) -> bool:
    """Is every word of `name` an ordinary English word (`Key Points`, `Somewhat Surprisingly`)?"""
    return all(is_common(w) for w in name.split() if w.lower() not in PARTICLES)


def _may_name_a_body(word: str) -> bool:
    """Can an unknown acronym name a body (not jargon, a title, a word or a code with digits)?"""
    if "/" in word:  # two bodies joined (`CDU/CSU caucus`, `CSF/CTU unit`), not an office (`S/CT`) nor a marking
        return all(len(part) > 1 and part.isupper() and _may_name_a_body(part) for part in word.split("/")) \
            and normalise_marking(word) is None
    return word not in NOT_BODIES and word not in _TITLE_TOKENS and word not in LEGAL_FORMS and len(word) <= 7 \
        and word.isalpha() and not (word[-1] == "s" and word[:-1].isupper())  # (`MPs`: a plural)


def _names_a_body(word: str, text: str, start: int, end: int, strict: bool) -> bool:
    """Does an unknown acronym name a body: not jargon, a title, a word or a TAGS code, and followed
    by a word such a body has (`AKP officials`, `MDC leader`, `TGS Chief`) or, in prose (not
    `strict`), acting as one (`MDC gets`, `the CNP had not arrested him`, `appease the TGS`)?"""
    if not _may_name_a_body(word):
        return False
    m = _NEXT_WORD.match(text, end)
    if m and m.group(1) in BODY_AFTER:
        return True
    if strict or "/" in word or not word.isupper() or len(word) > 3 and is_common(word) or word in tag_dictionary() \
            or _ROMAN.fullmatch(word):
        return False
    return text.endswith(("the ", "The "), 0, start) or bool(_LONE_VERB.match(text, end) or _SPOKE.match(text, end))


# Lower-case words before a quoted name that say it is a body's (`the state chemical concern "Turkmenkhimiya"`)
_QUOTED_BODY_NOUNS = ORG_NOUNS | {"concern"}
# Lower-case words before an acronym that say it names a body (`supplier ENBW`, `opposition MDC support`)
_BODY_BEFORE = ORG_NOUNS | {"supplier", "opposition", "ruling", "rebel", "militant", "insurgent", "separatist"}
_SPOKE = re.compile(rf"\s+(?:{_SPEECH})\b")
_NATIONAL_BODY = re.compile(r" (government|Government|embassy|consulate)\b")
_VERB_WORD = re.compile(rf"{_SPEECH}|{_VERBS}|who|which|whose|and|or|but|[a-z]+ed")


_NEXT_WORD = re.compile(r"\s+([A-Za-z'-]+)")
_IDENTIFIER = re.compile(r"(?:-\d|\s+(?:US\d|\d))")


def _frequent(word: str, body: str, capitals: bool) -> bool:
    """In an all-capitals paragraph (`capitals`), is `word` a name the cable writes three times or more
    (`NORIEGA`): a verb after it is then a sign it is a person, not a misspelt or unknown word?"""
    return capitals and body.count(word.upper()) >= 3


def _is_surname(word: str, body: str) -> bool:
    """Can a lone word that speaks (`Karzai said`) in a cable's `body` be a person? Not a sentence's
    opening word, a title, a place, a body, a demonym (`Europeans`, `Qataris`), a source of news, or
    a word the cable also writes in lower case (`People`, `None`, `Two`: ordinary words)."""
    return _surname_like(word) and not _written_lower(word, body)


@lru_cache(maxsize=65536)
def _surname_like(word: str) -> bool:
    """What `_is_surname` asks of the word alone, whatever the cable (asked once a word)."""
    return (len(word) > 2 and word not in NOT_NAMES and word not in NOT_SURNAMES and word not in SINGLE_TITLES
            and word not in SINGLE_ORGS and not _org_word(word) and not _is_place(word)
            and not word.endswith("ans") and word[:-1] not in ADJECTIVES and bool(_NAME_WORD.match(word))
            and not _BRAND.match(word))


# A word with a capital inside that no surname's prefix explains (`ThyroSafe`, not `McGrath`, `DiCaprio`)
_BRAND = re.compile(r"(?!Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|O')[A-Z][a-z]+[A-Z]")


@lru_cache(maxsize=256)  # a name that speaks often in one cable is looked for once (a few bodies held)
def _written_lower(word: str, body: str) -> bool:
    """Does `body` hold `word` in lower case as a whole word (no letter or digit either side)? (Found
    with str.find: a word's lower case is rare in a cable, and a pass over the whole body cost more.)"""
    lower = word.lower()
    at = body.find(lower)
    while at >= 0:
        end = at + len(lower)
        if not (at and body[at - 1].isalnum()) and not (end < len(body) and body[end].isalnum()):
            return True
        at = body.find(lower, at + 1)
    return False




def _without_possessive(word: str) -> str:
    """`Kazakhstan's` -> `Kazakhstan` (straight or curly apostrophe)."""
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word


def _owner(word: str) -> str | None:
    """`Maliki's` -> Maliki: the word without an owner's possessive; None when it has none, or when
    the possessive belongs to a name (`People's` of `Pakistan People's Party`)."""
    owner = _without_possessive(word)
    return owner if owner != word and owner not in COLLECTIVES else None


def _acronym(word: str, number: int | None, add, acronyms: dict[str, str], known: frozenset[str]) -> bool:
    """A capitalised word: the organisation its acronym was defined as in this cable, or a known body
    (True when it was one)."""
    if word in acronyms:
        if full := acronyms[word]:
            add("organization", full, number, aliases=(word,))
    elif word in known or GOVERNMENTS.fullmatch(word):
        add("organization", word, number)
    else:
        return False
    return True


def _defines_a_body(name: str, acronym: str) -> bool:
    """Can a name spelt out before its acronym, without an organisation word, be a body's (`Lashkar-e-Taiba
    (LeT)`, `Kansas City Southern de Mexico (KCSM)`)? Not a document, place or thing (`National
    Infrastructure Protection Plan`, `Tehran Research Reactor`), ordinary words alone (`Joint Standoff
    Weapon`, `Internally Displaced Persons`) nor a person's name that the acronym shortens with its
    particle (`Mohammed bin Zayid Al-Nahyan (MbZ)`)."""
    things = DOCUMENTS | PLACE_WORDS | {"Weapon", "Weapons", "Process", "Policy", "Strategy", "Operation"}
    if not things.isdisjoint(name.split()) or _all_common(name) and name.split()[0] not in NATIONALITIES:
        return False  # (`Turkish General Staff` is a body)
    return not (_is_person_name(name) and any(c.islower() for c in acronym))


def _party(after: re.Match | None, name: str) -> str | None:
    """The party a name followed by `party` (`Likud party`) or `Party` names (`after`: the match of
    _WORD_AFTER after it), else None."""
    if after is None or not after.group("party") or not name or name in NOT_NAMES:
        return None
    return name + (" Party" if after.group("party") == "Party" else "")


# (?<!\s): from the start of the white space only, so that a long run of it is scanned once
_CONNECTED = re.compile(r"(?<!\s)\s+(?:of|for|and|on|the|in|&|de|da|del|bin|al|el|van|von)(?:\s+the)?\s+(?P<next>\S+)")


def _cut_run(run: str) -> str:
    """Cut a run before a connector that leads into a date or an office: `Senate on June` -> `Senate`."""
    for m in _CONNECTED.finditer(run):
        word = m.group("next").strip(".,;:")
        if word.lower() in MONTH_NAMES or "/" in word:  # `Senate on June`, `Sharri R. Clark in S/CT`
            return run[:m.start()]
    return run


def _find_title(tokens: list[str]) -> tuple[int, int] | None:
    """The last title in a run that is followed by at least one name word: (start, end) token indexes.
    A title may name its portfolio: `Minister of Foreign Affairs`, `Secretary of the Treasury`."""
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i] not in _TITLE_FIRST:
            continue
        if tokens[i] in PORTFOLIOS and _portfolio_end(tokens, _of_at(tokens, i)) > i:
            continue  # `Minister of Justice X`: Justice is the portfolio here, not a judge's title
        for size in range(min(_TITLE_MAX, len(tokens) - 1 - i), 0, -1):
            if tuple(tokens[i:i + size]) in _TITLE_WORDS:
                end = _portfolio_end(tokens, i + size)
                if end < len(tokens) and _NAME_WORD.match(tokens[end]) and not (
                        tuple(tokens[i:i + size]) in _PLURAL_TITLES and is_common(tokens[end])):
                    # the longest title ending here: `Permanent Secretary`, not `Secretary`
                    return _title_start(tokens, i + size), end
    return None


def _title_start(tokens: list[str], end: int) -> int:
    """Where the longest title ending right before tokens[end] starts; `end` when none ends there."""
    return next((k for k in range(max(0, end - _TITLE_MAX), end) if tuple(tokens[k:end]) in _TITLE_WORDS), end)


def _of_at(tokens: list[str], i: int) -> int:
    """Where the `of` (or `of the`) right before tokens[i] is when a title precedes it, else i."""
    at = i - 2 if i >= 2 and tokens[i - 1] == "the" else i - 1
    return at if at >= 1 and tokens[at] == "of" and _title_start(tokens, at) < at else i


def _portfolio_end(tokens: list[str], at: int) -> int:
    """Where the name may start after a title ending at `at`: past `of (the) Defense`, if there."""
    if at + 1 >= len(tokens) or tokens[at] not in ("of", "for"):  # (`Minister for Foreign Affairs`)
        return at
    end = at + 2 if tokens[at + 1] == "the" else at + 1
    start = end
    while end < len(tokens) and (tokens[end] in PORTFOLIOS or end > start and (
            tokens[end] == "and" or tokens[end] in ("for", "of") and end + 1 < len(tokens) and tokens[end + 1] in PORTFOLIOS)):
        end += 1  # (`Minister of State for International Cooperation`)
    return end if end > start and tokens[end - 1] not in PORTFOLIO_ADJECTIVES | {"and"} else at


def _titled_name(tokens: list[str]) -> tuple[str | None, list[str]]:
    """The person a title introduces, from the words after it, and the words left after the name.
    The name words ending the run (`President of the Republic Lula`), unless they are a place, a
    portfolio or a title (`Ambassador Spain`, `Minister Rehman Malik of the Ministry of Interior`),
    or open with a place: then those right after the title up to a connector (`Admiral Fitzgerald
    for Spain's National Day`), else what follows the place (`Asia Mark Ward`). An owner's
    possessive ends the name (`PM Maliki's State of Law`): what it owns is left over."""
    owner, joined = None, " ".join(tokens)
    if "'s" in joined or "\u2019s" in joined:  # (rare: looked for in one string first)
        owner = next((k for k, t in enumerate(tokens) if _owner(t) is not None), None)
    owned = tokens[owner + 1:] if owner is not None else []  # `PM Maliki's State of Law`: Maliki
    tokens = tokens[:owner + 1] if owner is not None else tokens
    trailing = _clean_name(" ".join(_after_portfolio(tokens, _trailing_name(tokens))))
    unplaced = _after_places(trailing)
    if trailing and unplaced == trailing and _could_be_titled(trailing):
        return trailing, owned
    lead = _leading_name(tokens)
    leading = _after_places(_clean_name(" ".join(lead)))
    if lead and len(lead) < len(tokens) and tokens[len(lead)] in CONNECTORS and _could_be_titled(leading) \
            and not any(w in _TITLE_TOKENS for w in leading.split()) \
            and not _all_common_words(leading):  # `General Manager of…`, `Commissioner Lays Out Way Ahead on`
        return leading, tokens[len(lead):] + owned  # (the name ends where a connector starts, not at an odd word)
    return (unplaced, owned) if _could_be_titled(unplaced) else (None, [])


def _after_portfolio(tokens: list[str], name: list[str]) -> list[str]:
    """The name words that end `tokens` without the ordinary words that open them after a connector:
    the end of a portfolio (`Minister of Culture and Tourism Erkan Mumcu`, `Director General for
    International Judicial Cooperation Aurora Mejia`), two name words at least being kept."""
    if not name or len(name) == len(tokens) or tokens[-len(name) - 1] not in ("and", "of", "for"):
        return name
    while len(name) > 2 and (name[0] in ADJECTIVES or all(is_common(part) for part in name[0].split("-"))) \
            and not is_given_name(name[0]):
        name = name[1:]
    return name


def _all_common_words(name: str) -> bool:
    """Are two words or more of `name` all ordinary words, the first no given name (a title-cased headline's
    `Lays Out Way Ahead`; not `Warren Miller`)?"""
    return " " in name and _all_common(name) and not is_given_name_word(name.split()[0])


def _could_be_titled(name: str) -> bool:
    """Can `name`, after a title, be a person? Not an organisation, portfolio or title, and not
    ending in a portfolio (`Director General for Multilateral Affairs`: no one is called Affairs)."""
    return bool(name) and _is_person_name(name) and name not in SINGLE_ORGS and not all(
        w in PORTFOLIOS or w in SINGLE_TITLES for w in name.split()) and name.split()[-1] not in PORTFOLIOS


def _leading_name(tokens: list[str]) -> list[str]:
    """The name words at the start of a run (up to a connector that is not part of a name)."""
    out: list[str] = []
    for token in tokens:
        particle = token.lower().rstrip("-") in PARTICLES
        if not (particle or (_NAME_WORD.match(token) and token.lower() not in CONNECTORS)):
            break
        out.append(token)
    while out and out[-1].lower().rstrip("-") in PARTICLES:
        out.pop()
    return out


def _trailing_name(tokens: list[str]) -> list[str]:
    """The name words at the end of a run (after any connector)."""
    out: list[str] = []
    for token in reversed(tokens):
        if not (_NAME_WORD.match(token) or token.lower().rstrip("-") in PARTICLES):
            break
        out.insert(0, token)
    while out and out[0].lower().rstrip("-") in PARTICLES:
        out.pop(0)
    return out


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Country names (`Kazakhstan`, `North Korea`) from the TAGS dictionary."""
    names = {description.split(" (")[0] for kind, description in tag_dictionary().values() if kind == "country"}
    return frozenset(names | {" ".join(reversed(n.split(", ", 1))) for n in names if ", " in n})


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Country and post names (from the shipped data) and MORE_PLACES: places that look like personal names."""
    names = {description.split(" (")[0] for kind, description in tag_dictionary().values() if kind == "country"}
    names |= {" ".join(reversed(n.split(", ", 1))) for n in names if ", " in n}  # `Korea, North`: North Korea
    names |= {name.split(" ", 1)[-1] for name in post_names().values()}
    return frozenset(n for n in names if n) | MORE_PLACES


def _after_places(name: str) -> str:
    """A name without the places that open it (`Asia Mark Ward`: the end of `… Central Asia`);
    empty when it is all places (`Ambassador Spain was…`). A place it ends on stays (`Alister Jordan`)."""
    words = name.split()
    start = 0
    while start < len(words) and words[start] in _place_starts():  # (a set lookup first: most names)
        size = next((k for k in (3, 2, 1) if " ".join(words[start:start + k]) in _places()), 0)
        if not size:
            break
        start += size
    return " ".join(words[start:])


@lru_cache(maxsize=1)
def _place_starts() -> frozenset[str]:
    """The first words of the places' names."""
    return frozenset(place.split()[0] for place in _places())


def _is_place(name: str) -> bool:
    return name in _places() or any(w in _places() for w in name.split())


def _trim_org(text: str) -> list[str]:
    """The organisations in a capitalised sequence: each side of a possessive (`Embassy Tel Aviv’s
    Office of…`, `Kazakhstan's Mazhilis`; not `People's Party`, `Prosecutor General's Office`), cut at dates and non-name words,
    `MFA and Presidential Administration` split; only parts that name an organisation."""
    pieces: list[list[str]] = [[]]
    words = text.split()
    for i, word in enumerate(words):
        owner = _owner(word)
        if i + 1 < len(words) and owner is not None and owner in _TITLE_TOKENS and words[i + 1] == "Office":
            title = len(pieces[-1])  # an office named by its holder's title is one body, from the title on
            while title and pieces[-1][title - 1] in _TITLE_TOKENS:
                title -= 1
            pieces[-1], opened = pieces[-1][:title], pieces[-1][title:]
            pieces.append(opened + [word])
        elif i + 1 < len(words) and owner is not None:
            pieces[-1].append(owner)
            pieces.append([])
        else:
            pieces[-1].append(word)
    if len(pieces) > 1:
        return [org for piece in pieces for org in _trim_words(piece)]
    return _trim_words(words)


def _trim_words(words: list[str]) -> list[str]:
    """`_trim_org` for words without an owner's possessive."""
    if "and" in words and words[-1].endswith("s") and len(core := _strip_connectors(words).split()) == 4 \
            and core[1] == "and" and (one := _singular(core[3])) and ORG_WORDS.isdisjoint(core[::2]):
        return [f"{core[0]} {one}", f"{core[2]} {one}"]  # `Media and Electoral Commissions`: two commissions
    if "in" in words[1:-1]:  # `Regional Refcord in Embassy Kabul`: two
        at = words.index("in")
        if words[at + 1] in ORG_WORDS:
            return _trim_words(words[:at]) + _trim_words(words[at + 1:])
        mission = words[at - 1]
        if mission in ("Embassy", "Consulate") and len(words) - at <= 3 and all(
                _INITIAL.fullmatch(w) or w == "U.S." for w in words[:at - 1]):
            return [f"{mission} {' '.join(words[at + 1:])}"]  # `Embassy in Paris`, `U.S. Consulate in Rio`: a post's
    if "of" in words and (words[0] in ORDINALS and words[1] in EVENTS | {"Conference"}
                          or not _GATHERINGS.isdisjoint(words[:words.index("of")])):
        return _trim_words(_strip_connectors(words[len(words) - words[::-1].index("of"):]).split())  # an event's body
    unit = next((i for i in range(1, len(words) - 2) if words[i] in _UNITS and words[i + 1] == "of"
                 and "of" not in words[:i]), None)
    if unit is not None:  # `Criminal Division of the National Court`: a named part; the body is after `of`
        return _trim_words(_strip_connectors(words[unit + 2:]).split())
    if "of" in words[1:3] and words[0] in SINGLE_TITLES:  # `Speaker of the Chamber`, `Secretary of State for the
        rest = words[words.index("of") + 1:]  # Government of Romania`: an office's holder; the body is after `of`
        while len(rest) > 1 and (rest[0] in PORTFOLIOS and rest[1] in CONNECTORS or rest[0] in CONNECTORS):
            rest = rest[1:]  # (past `State for the`; `Chief of National Police`: National Police)
        return _trim_words(rest)
    for i, word in enumerate(words[1:], 1):
        if word in DOCUMENTS and words[i - 1] in ORG_WORDS:
            return []  # `Security Council Resolution`: a document, and the body inside its name is no mention
        after_form = i > 1 and words[i - 1].rstrip(".,") in LEGAL_FORMS and words[i - 2] != "of" \
            and word not in LEGAL_FORMS and word != "&"  # (`Recip AB Sweden`: Recip AB)
        if word.lower() in MONTH_NAMES or after_form or (word in SINGLE_TITLES or word in NOT_NAMES and word not in ORG_WORDS
                                                          and word not in ADJECTIVES) and not _in_portfolio(words, i) \
                and not _opens_a_body(words, i):
            words = words[:i]
            break
    parts = [" ".join(words)]
    if " and the " in parts[0]:  # two things, whatever they are: `Zapatero and the Socialist Party`, `Gaza and the
        # West Bank` (a body's name seldom holds `and the`: `Amazon Institute of People and the Environment` is cut);
        # an acronym beside a body is one (`GAZPROM and the Nigerian National Petroleum Corporation`)
        pieces = [_strip_connectors(part.split()) for part in parts[0].split(" and the ")]
        found = [_trim_words(piece.split()) if piece else [] for piece in pieces]
        return [org for piece, orgs in zip(pieces, found) for org in orgs or (
            [piece] if any(found) and _is_acronym(piece) and piece not in NOT_BODIES else [])]
    if " and " in parts[0]:
        pieces = [_strip_connectors(p.split()).split() for p in parts[0].split(" and ")]
        if all(p and (_names_org(p) or _lone_body(p)) for p in pieces) and (
                any(len(p) == 1 for p in pieces) or all(p[0] in ORG_WORDS or p[-1] in ORG_WORDS for p in pieces)):
            # "MFA and Presidential Administration", "Embassy Islamabad and Embassy Kabul", "INAC and
            # American Airlines", "German Chancellery and Ministry of Defense" are two, "Department and NSC" one (`Department` alone is no name);
            # "National Commission on Democratization and Civil Society" is one
            return [" ".join(p) for p in pieces if _names_org(p) or _is_acronym(p[0]) and p[0] not in NOT_BODIES]
    return [p for p in (_strip_connectors(p.split()) for p in parts) if p and _names_org(p.split())]


def _opens_a_body(words: list[str], i: int) -> bool:
    """Is words[i], a title that is also a body's adjective (`General`), part of the body's name right
    after it (`UN General Assembly`, `General Dynamics Land Systems`; not `IAEA Director General`, nor
    `Director General for Policy in the Ministry`)?"""
    if words[i] not in KEEP_CAPITALISED:
        return False
    end = next((k for k in range(i + 1, len(words)) if words[k] in CONNECTORS), len(words))
    return _has_org_word(words[i + 1:end])


def _singular(word: str) -> str | None:
    """The organisation word a plural one is of (`Commissions` -> Commission, `Ministries` -> Ministry)."""
    one = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return one if word.endswith("s") and word in ORG_WORDS and one in ORG_WORDS else None


_UNITS = {"Division", "Section", "Branch", "Unit"}  # (a named one of a body: `Criminal Division of the National Court`)
_GATHERINGS = EVENTS | {"Member", "Members"}  # (`Member of the European Parliament`: the body is after `of`)


def _lone_body(words: list[str]) -> bool:
    """One word that may stand beside a body in `X and Y`: an acronym or an organisation word alone."""
    return len(words) == 1 and (_is_acronym(words[0]) or words[0] in ORG_WORDS)


def _in_portfolio(words: list[str], i: int) -> bool:
    """Is words[i] part of what an `of` names: a portfolio, or a region's adjective in a bureau's
    name (`Ministry of Foreign Affairs`, `Office of North American Affairs`, `Bureau of African
    Affairs`; not `Member of the European Parliament`)?"""
    word = words[i]
    return (word in PORTFOLIOS or word in ADJECTIVES and (
        words[i - 1] in DIRECTIONS or "Affairs" in words[i + 1:i + 4])) and _after_of(words, i)


def _after_of(words: list[str], i: int) -> bool:
    """Does words[i] follow an `of` or `for` (`Pontifical Council for Justice and Peace`), past the
    portfolios, adjectives and `the`/`and` between them?"""
    for word in reversed(words[:i]):
        if word in ("of", "for"):
            return True
        if not (word in ("the", "and") or word in PORTFOLIOS or word in ADJECTIVES or word in DIRECTIONS):
            return False
    return False


SINGLE_TITLES = {t for t in TITLES if " " not in t and t[0].isupper() and t not in ORG_WORDS}


def _strip_connectors(words: list[str]) -> str:
    """The words without connectors at either end, a sentence's opening words (`The`, `However`) or
    a closing possessive; an adjective stays (`Arab League`, `Canadian Security Intelligence Service`)."""
    while words and (words[0].lower() in CONNECTORS or _INITIAL.fullmatch(words[0])  # `S. Embassy` of `U.S. Embassy`
                     or words[0] in NOT_NAMES and words[0] not in ORG_WORDS and words[0] not in ADJECTIVES
                     and not _opens_a_body(words, 0)
                     or _BACKED.fullmatch(words[0])):  # `the Palace-backed Party of …`
        words = words[1:]
    while words and (words[-1].lower() in CONNECTORS or words[-1] in SECTION_ADJECTIVES or words[-1] in _TITLE_OPENERS):
        words = words[:-1]  # (`Embassy Political` of `Embassy Political Officer John Smith`, `EU Commission Vice`)
    if words:
        words = words[:-1] + [_without_possessive(words[-1])]  # `the Korean People's Army's`
    return " ".join(words)


_INITIAL = re.compile(r"[A-Z]\.")
# A hyphened adjective before a body's name, no part of it: `Palace-backed`, `Iranian-funded`, `U.S.-led`
_BACKED = re.compile(r"\S+-(?:backed|led|funded|owned|based|sponsored|controlled|affiliated|run|dominated|allied|linked|"
                     r"aligned|leaning|oriented|supported|financed)")
_TITLE_OPENERS = {"Vice", "Deputy", "Acting", "Assistant", "Under", "Former"}  # (a body's name ends on none)


def _names_org(words: list[str]) -> bool:
    if words[-1] in STAFF or " ".join(words) in _places():  # `an Embassy Officer`: people; `West Bank`: a place
        return False
    if len(words) == 1:
        return words[0] in known_org_acronyms() or words[0] in SINGLE_ORGS
    if ORG_WORDS.isdisjoint(words):
        return False
    if len(words) == 2 and words[-1] in ("Administration", "Government") and words[0] not in NATIONALITIES \
            and not is_common(words[0]):
        return False  # `the Obama Administration`: a person's government, not a body's name
    return True


def _abbreviates(short: str, full: str) -> bool:
    """Is `short` the surname of `full` alone (`Royal`), or after the initial of its given name
    (`S. Royal` of `Segolene Royal`)?"""
    words, names = short.split(), full.split()
    if words[-1].casefold() != names[-1].casefold():
        return False
    return len(words) == 1 or all(_INITIAL.fullmatch(w) for w in words[:-1]) and words[0][0] == names[0][0]


def _merge_surnames(entities: list[_Found], texts: list[str]) -> list[_Found]:
    """Fold a person mention by surname alone or with initials (`Royal`, `S. Royal`), or by given name
    alone (`Daniel` of `Daniel Duque`), into the full name it abbreviates, when exactly one matches;
    count the surname-alone mentions of full names."""
    people = [e for e in entities if e.kind == "person"]
    full = [e for e in people if len(e.name.split()) >= 2 and "." not in e.name]
    joined = "\n".join(texts)
    counted: set[str] = set()  # full names whose surname-alone mentions are counted from the text
    for person in full:
        surname = person.name.split()[-1]
        alone = joined.count(surname) - joined.count(person.name)
        if alone > 0:
            person.mentions += alone
            counted.add(person.key)
            if surname not in person.aliases:
                person.aliases.append(surname)
    out: list[_Found] = []
    by_surname: dict[str, list[_Found]] = {}  # (what `_abbreviates` asks first)
    for person in full:
        by_surname.setdefault(person.name.split()[-1].casefold(), []).append(person)
    for entity in entities:
        if entity.kind == "person" and (" " not in entity.name or "." in entity.name):
            same_surname = by_surname.get(entity.name.split()[-1].casefold(), ())
            matches = [f for f in same_surname if _abbreviates(entity.name, f.name)] or (
                [f for f in full if f.name.split()[0] == entity.name] if is_given_name(entity.name) else [])  # `Daniel`
            if len(matches) == 1:
                target = matches[0]
                target.mentions += 0 if target.key in counted else entity.mentions
                target.titles += [t for t in entity.titles if t not in target.titles]
                target.paragraphs = sorted(set(target.paragraphs) | set(entity.paragraphs))
                if entity.name not in target.aliases:
                    target.aliases.append(entity.name)
                continue
        out.append(entity)
    # an organisation that is only the acronym of a defined one is folded into it, and one named with
    # its country (`Brazilian Ministry of External Relations`) into the same name without it
    by_alias = {a: e for e in out if e.kind == "organization" for a in e.aliases}
    by_name = {e.name: e for e in out if e.kind == "organization"}
    result = []
    for entity in out:
        first, _, rest = entity.name.partition(" ")
        target = by_alias.get(entity.name) or (by_name.get(rest) if first in NATIONALITIES else None)
        if entity.kind == "organization" and target is not None and target is not entity:
            target.mentions += entity.mentions
            if first in NATIONALITIES and entity.name not in target.aliases:
                target.aliases.append(entity.name)
            continue
        result.append(entity)
    return sorted(result, key=lambda e: (e.kind, -e.mentions, e.name))
