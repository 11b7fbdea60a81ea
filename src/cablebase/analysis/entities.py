"""People and organisations named in a cable, with the titles and roles the cable gives them.

Rule-based (no model weights are needed): capitalised name sequences, a lexicon of titles and
organisation words, acronym definitions ("..., which goes by the acronym NKVD", "... (OSCE)"),
the org TAGS list, person TAGS (`NAZARBAYEV, NURSULTAN`), signers and addressee names.
Mentions of one entity are merged within a cable ("Kiselyov" after "Sergey Kiselyov"); across the
archive, entities merge only on the same normalised full name (`entity_key`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Cable, Entity
from ..vocab.months import MONTH_NAMES
from ..vocab.ids import post_names
from ..vocab.tags import tag_dictionary
from .lexicon import (ADJECTIVES, AGENCY_ACRONYMS, COLLECTIVES, CONNECTORS, DIRECTIONS, MORE_PLACES, NATIONALITIES,
                      NOT_NAMES, NOT_PERSON_WORDS, NOT_SURNAMES, ORG_WORDS, PARTICLES, PORTFOLIO_ADJECTIVES, PORTFOLIOS,
                      SECTION_ADJECTIVES, SINGLE_ORGS, STAFF, STAFF_TITLES, TITLES)

GOVERNMENTS = re.compile(r"\b(?:GO[A-Z]{1,2}|GoT|USG|SAG|UAEG|HMG|RGC|GOI|PRC)\b")
# No leading \b: a pattern that starts with its words lets the engine skip to their first letters
# (2x faster over a paragraph); `_single_orgs` checks the start of the word instead.
_SINGLE_ORG = re.compile("(?:" + "|".join(sorted(SINGLE_ORGS, key=len, reverse=True)) + r")\b")
_NAME_SEQ = r"[A-Z][A-Za-z'-]+(?:\s+(?:(?:of|for|and|on|the|in)\s+)*[A-Z][A-Za-z'-]+){0,10}"
_ACRONYM_PAREN = re.compile(rf"\b(?P<name>{_NAME_SEQ})\s+\((?P<acr>[A-Z][A-Z&-]{{1,9}})\)")
_ACRONYM_WORDS = re.compile(
    rf"\b(?P<name>{_NAME_SEQ}),?\s+(?:which|who)\s+(?:goes\s+by|is\s+known\s+(?:as|by)|is\s+called)\s+"
    rf"(?:the\s+)?(?:[A-Za-z]+\s+){{0,4}}?(?:acronym\s+|abbreviation\s+)?(?P<acr>[A-Z][A-Z&-]{{1,9}})\b")


@lru_cache(maxsize=1)
def known_org_acronyms() -> frozenset[str]:
    """Organisation codes from the TAGS dictionary (OSCE, NATO, UN, ...) plus common agencies."""
    codes = {code for code, (kind, _) in tag_dictionary().items() if kind == "organization"} | AGENCY_ACRONYMS
    return frozenset(c for c in codes if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}", c))


def entity_key(kind: str, name: str) -> str:
    """The merge key across the archive: kind + case- and space-normalised name."""
    return f"{kind}:{' '.join(name.replace('.', ' ').split()).casefold()}"


def _clean_name(name: str) -> str:
    if "s" in name and ("'s" in name or "\u2019s" in name):
        name = re.sub(r"'s\b|\u2019s\b", "", name)
    words = name.split()
    while words and (words[0] in NOT_NAMES or _is_acronym(words[0])):  # `BG Yossi Baidatz`: a rank, a body
        words.pop(0)
    while words and (words[-1] in NOT_NAMES or words[-1].lower() in PARTICLES):
        words.pop()
    return " ".join(words)


_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")  # `III` after a name; `XXXXXXXXXXXX` is a redaction


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word.isupper()


def _org_word(word: str) -> bool:
    """Does `word` (possessive or not: `Ministry’s`) make a run an organisation's name?"""
    return _without_possessive(word) in ORG_WORDS


def _is_person_name(name: str) -> bool:
    """Could these words name a person? Not with an organisation word, a document, event or role word
    (`Additional Protocol`, `Senior Advisor`), a slash (`Iran/Middle East`) or an acronym among them
    (`WG III`, `Per REFTEL`: the text is title-cased when all in capitals)."""
    words = name.split()
    if not words or len(words) > 5 or len(name) < 3 or re.fullmatch(r"[Xx]+", words[0]) or "/" in name:
        return False
    if any(_org_word(w) or w in NOT_PERSON_WORDS for w in words):
        return False
    if any(_is_acronym(w) and not (i and _ROMAN.fullmatch(w)) for i, w in enumerate(words)):
        return False
    return all(w[0].isupper() or w.lower().rstrip("-") in PARTICLES for w in words)


def _title_case(text: str) -> str:
    """`NAZARBAYEV` -> `Nazarbayev` for all-caps cables and TAGS."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in text.split())


def extract_entities(cable: Cable) -> list[Entity]:
    """People and organisations in a cable, each with its mentions merged and the titles seen."""
    found: dict[str, Entity] = {}

    def add(kind: str, name: str, paragraph: int | None, title: str | None = None,
            aliases: tuple[str, ...] = ()) -> None:
        name = " ".join(name.split()).strip(" ,.;:'\"")
        if len(name) < 2 or name[:3].lower() == "xxx":  # too short, or a redaction
            return
        key = entity_key(kind, name)
        entity = found.get(key)
        if entity is None:
            entity = found[key] = Entity.model_construct(kind=kind, name=name, key=key, titles=[], aliases=[],
                                                         paragraphs=[], mentions=0)
        entity.mentions += 1
        if title and title not in entity.titles:
            entity.titles.append(title)
        if paragraph is not None and paragraph not in entity.paragraphs:
            entity.paragraphs.append(paragraph)
        for alias in aliases:
            if alias not in entity.aliases and alias != name:
                entity.aliases.append(alias)

    upper = cable.body.upper() == cable.body
    texts = [(p.number, _title_case(p.text) if upper else p.text) for p in cable.paragraphs]
    if cable.subject:
        texts.insert(0, (None, cable.subject if not cable.subject.isupper() else ""))

    # Acronyms defined in the text: the full name becomes the organisation, the acronym an alias.
    acronyms: dict[str, str] = {}
    for number, text in texts:
        for m in _acronym_definitions(text):
            # the organisation right before the acronym: `Brazil's National Institute of Space Research (INPE)`
            name = _strip_connectors(m.group("name").split())
            full = (_trim_org(name) or [name])[-1]
            acr = m.group("acr")
            if full and len(full.split()) >= 2 and acr not in acronyms:
                acronyms[acr] = full
                add("organization", full, number, aliases=(acr,))

    for number, text in texts:
        _scan(text, number, add, acronyms, cable.body)
        for word in dict.fromkeys(_single_orgs(text)):
            add("organization", word, number)

    for tag in cable.tags:
        if tag.kind == "person" and "," in tag.code:
            surname, given = (part.strip() for part in tag.code.split(",", 1))
            add("person", _title_case(f"{given} {surname}"), None, aliases=(tag.code,))
    for signer in cable.signers:
        add("person", _title_case(signer), None, "signer")
    for addressee in cable.addressees:
        m = re.fullmatch(r"([A-Z])\.? ?([A-Z][A-Z'-]+)", addressee.name or "")
        if not m:
            continue
        role, whole = f"addressee {addressee.office or addressee.agency}", _title_case(addressee.name or "")
        if m.group(0).isalpha() and any(whole in t and re.search(rf"\b{re.escape(whole)}\b", t) for _, t in texts):
            add("person", whole, None, role, aliases=(addressee.name,))  # HOLBROOKE, named so in the text
        elif addressee.raw.endswith(f"({addressee.name})"):  # State's form: first initial glued to the
            # surname (JMUDGE), when alone in its parentheses: `(SHIN, STAMILIO)` are surnames
            add("person", f"{m.group(1)}. {_title_case(m.group(2))}", None, role, aliases=(addressee.name,))
    return _merge_surnames(list(found.values()), [t for _, t in texts])


def _single_orgs(text: str) -> Iterator[str]:
    """The lone-word bodies (Duma, Hamas...) a text names, as whole words, in order."""
    for m in _SINGLE_ORG.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before == "_"):  # what \b means before a word
            yield m.group(0)


_PAREN_ACRONYM = re.compile(r"\s\([A-Z][A-Z&-]{1,9}\)")
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


_TOKEN = r"(?:[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Amb|Gen|Lt|Col|Maj|Adm|Sen|Gov|Rep|Prof|St|Brig)\.|[A-Z][\w'\u2019&/-]*)"
# the leading look-ahead lets the engine skip to capitals before it tries the token alternatives (2x faster)
_RUN = re.compile(rf"(?=[A-Z]){_TOKEN}(?:(?:\s+(?:of|for|and|on|the|in|&|de|da|del|bin|al|el|van|von)){{0,3}}\s+{_TOKEN})*")
_TITLE_WORDS = {tuple(t.split()) for t in TITLES}
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
# The word after a capitalised run: `party` (`Likud party`), or a verb of speech (`Karzai said`).
_WORD_AFTER = re.compile(rf"\s+(?:(?P<party>[Pp]arty)|(?P<spoke>{_SPEECH}))\b")
# After a run of two names or more, what says it is a person: a comma, a verb of speech or a few others.
_VERB_AFTER = re.compile(rf"(?:,|\s+(?:{_SPEECH}|says|confirmed|believes|believed|reported|described|expressed|"
                         r"who|was|is|has|had|and\s+[A-Z]))")
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*\.?$|[A-Z]\.$")


def _scan(text: str, number: int | None, add, acronyms: dict[str, str], body: str) -> None:
    """One pass over the capitalised runs of a paragraph of `body`, classifying each by its words and context."""
    previous_end, previous_run = -1, ""
    known = known_org_acronyms()
    for m in _RUN.finditer(text):
        run = m.group(0)
        if " " not in run:  # a lone capitalised word: an acronym, or "X party"
            word = _without_possessive(run.rstrip(".,;:"))
            if word[1:2].isupper() or word == "GoT":
                _acronym(word, number, add, acronyms, known)
            elif after := _WORD_AFTER.match(text, m.end()):
                if party := _party(after, word):
                    add("organization", party, number, "party")
                elif after.group("spoke") and word == run and _is_surname(word, body):
                    add("person", word, number)  # `Karzai said`: in cables a lone name that speaks is a person
            previous_end, previous_run = m.end(), word
            continue
        run = _cut_run(run).rstrip(".,;:")
        start, end = m.start(), m.start() + len(run)
        tokens = run.split()
        for token in tokens:
            if token[1:2].isupper() or token.startswith("GoT"):
                _acronym(_without_possessive(token.strip(".,;:()")), number, add, acronyms, known)
        if " and " in run and not any(_org_word(t) for t in tokens):
            # "Oyvind Christophersen and Marit Pettersen", "President Lula and President Morales": one at a time
            offset = start
            for part in run.split(" and "):
                _classify(text, part, offset, offset + len(part), number, add, previous_end, previous_run)
                offset += len(part) + len(" and ")
            previous_end, previous_run = end, run
            continue
        _classify(text, run, start, end, number, add, previous_end, previous_run)
        previous_end, previous_run = end, run


def _classify(text: str, run: str, start: int, end: int, number: int | None, add, previous_end: int,
              previous_run: str) -> None:
    """Decide what one capitalised run names, from its words and the text around it."""
    tokens = run.split()
    if len(tokens) >= 1:
        title = _find_title(tokens)
        if title is not None:
            i, j = title
            # two titled people in one run (`Chief of Staff Claude Gueant and Interior Ministry
            # Staffer Cederic Goubet`): the one before the last `and` first
            k = max(n for n in range(i) if tokens[n] == "and") if "and" in tokens[:i] else None
            if k is not None and _find_title(tokens[:k]) is not None:
                _classify(text, " ".join(tokens[:k]), start, end, number, add, previous_end, previous_run)
                tokens, i, j = tokens[k + 1:], i - k - 1, j - k - 1
            name, rest = _titled_name(tokens[j:])
            if name and " " not in name and tokens[j - 1] in STAFF_TITLES:
                name = None
            if name:
                head = tokens[:i]
                for org in _trim_org(" ".join(rest)) if any(_org_word(w) for w in rest) else ():
                    add("organization", org, number)  # "Professor Jose Goldemberg of the University of Sao Paulo"
                if any(w in ORG_WORDS for w in head):  # "Reserve Bank of Zimbabwe Governor Gideon Gono"
                    for org in _trim_org(" ".join(head)):
                        add("organization", org, number)
                    add("person", name, number, " ".join(tokens[i:j]))
                else:  # the title with its modifiers, after any connector: "Israeli Defense Minister"
                    k = max([n + 1 for n, t in enumerate(head) if t.lower() in CONNECTORS] or [0])
                    add("person", name, number, " ".join(tokens[k:j]))
                return
        if any(_org_word(t) for t in tokens):
            for org in _trim_org(run):
                add("organization", org, number)
        else:
            name = _clean_name(run)
            party = _party(_WORD_AFTER.match(text, end), name)
            if party:
                add("organization", party, number, "party")
            elif " " in name and _is_person_name(name) and not _is_place(name):  # two words or more
                role = _ROLE_WORD.match(text, previous_end, start) if previous_end >= 0 else None
                after = None if role else _OF_THE.match(text, end)
                if role:
                    add("person", name, number, " ".join(f"{previous_run} {role.group(1)}".split()))
                elif after:
                    add("person", name, number, " ".join(after.group("role").split()))
                elif _VERB_AFTER.match(text, end):
                    add("person", name, number)


def _is_surname(word: str, body: str) -> bool:
    """Can a lone word that speaks (`Karzai said`) in a cable's `body` be a person? Not a sentence's
    opening word, a title, a place, a body, a demonym (`Europeans`, `Qataris`), a source of news, or
    a word the cable also writes in lower case (`People`, `None`, `Two`: ordinary words)."""
    return (len(word) > 2 and word not in NOT_NAMES and word not in NOT_SURNAMES and word not in SINGLE_TITLES
            and word not in SINGLE_ORGS and not _org_word(word) and not _is_place(word)
            and not word.endswith("ans") and word[:-1] not in ADJECTIVES and bool(_NAME_WORD.match(word))
            and not _written_lower(word, body))


@lru_cache(maxsize=256)  # a name that speaks often in one cable is looked for once (a few bodies held)
def _written_lower(word: str, body: str) -> bool:
    """Does `body` hold `word` in lower case as a whole word? (Found as a substring first: a pattern
    opening with \\b would make the regex engine try every character of the body.)"""
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


def _acronym(word: str, number: int | None, add, acronyms: dict[str, str], known: frozenset[str]) -> None:
    """A capitalised word: the organisation its acronym was defined as in this cable, or a known body."""
    if word in acronyms:
        add("organization", acronyms[word], number, aliases=(word,))
    elif word in known or GOVERNMENTS.fullmatch(word):
        add("organization", word, number)


def _party(after: re.Match | None, name: str) -> str | None:
    """The party a name followed by `party` (`Likud party`) or `Party` names (`after`: the match of
    _WORD_AFTER after it), else None."""
    if after is None or not after.group("party") or not name or name in NOT_NAMES:
        return None
    return name + (" Party" if after.group("party") == "Party" else "")


# (?<!\s): from the start of the white space only, so that a long run of it is scanned once
_CONNECTED = re.compile(r"(?<!\s)\s+(?:of|for|and|on|the|in|&|de|da|del|bin|al|el|van|von)\s+(?P<next>\S+)")


def _cut_run(run: str) -> str:
    """Cut a run before a connector that leads into a date: `Senate on June` -> `Senate`."""
    for m in _CONNECTED.finditer(run):
        word = m.group("next").strip(".,;:")
        if word.lower() in MONTH_NAMES:
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
                if end < len(tokens) and _NAME_WORD.match(tokens[end]):
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
    if at + 1 >= len(tokens) or tokens[at] != "of":
        return at
    end = at + 2 if tokens[at + 1] == "the" else at + 1
    start = end
    while end < len(tokens) and (tokens[end] in PORTFOLIOS or (end > start and tokens[end] == "and")):
        end += 1
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
    trailing = _clean_name(" ".join(_trailing_name(tokens)))
    unplaced = _after_places(trailing)
    if not trailing or (unplaced == trailing and _could_be_titled(trailing)):
        return trailing or None, owned
    lead = _leading_name(tokens)
    leading = _after_places(_clean_name(" ".join(lead)))
    if lead and len(lead) < len(tokens) and tokens[len(lead)] in CONNECTORS and _could_be_titled(leading) \
            and not any(w in _TITLE_TOKENS for w in leading.split()):  # `General Manager of…`, `Deputy Assistant…`
        return leading, tokens[len(lead):] + owned  # (the name ends where a connector starts, not at an odd word)
    return (unplaced, owned) if _could_be_titled(unplaced) else (None, [])


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
    Office of…`, `Kazakhstan's Mazhilis`; not `People's Party`), cut at dates and non-name words,
    `MFA and Presidential Administration` split; only parts that name an organisation."""
    pieces: list[list[str]] = [[]]
    words = text.split()
    for i, word in enumerate(words):
        owner = _owner(word)
        if i + 1 < len(words) and owner is not None:
            pieces[-1].append(owner)
            pieces.append([])
        else:
            pieces[-1].append(word)
    if len(pieces) > 1:
        return [org for piece in pieces for org in _trim_words(piece)]
    return _trim_words(words)


def _trim_words(words: list[str]) -> list[str]:
    """`_trim_org` for words without an owner's possessive."""
    for i, word in enumerate(words[1:], 1):
        if word.lower() in MONTH_NAMES or word in SINGLE_TITLES or (
                word in NOT_NAMES and word not in ORG_WORDS and not _in_portfolio(words, i)):
            words = words[:i]
            break
    parts = [" ".join(words)]
    if " and " in parts[0]:
        pieces = parts[0].split(" and ")
        heads = [p.split()[0] for p in pieces if p.split()]
        if all(_names_org(p.split()) for p in pieces) and (
                any(len(p.split()) == 1 for p in pieces) or all(h in ORG_WORDS for h in heads)):
            # "MFA and Presidential Administration", "Embassy Islamabad and Embassy Kabul" are two;
            # "National Commission on Democratization and Civil Society" is one
            parts = pieces
    return [p for p in (_strip_connectors(p.split()) for p in parts) if p and _names_org(p.split())]


def _in_portfolio(words: list[str], i: int) -> bool:
    """Is words[i] part of what an `of` names: a portfolio, or a region's adjective in a bureau's
    name (`Ministry of Foreign Affairs`, `Office of North American Affairs`, `Bureau of African
    Affairs`; not `Member of the European Parliament`)?"""
    word = words[i]
    return (word in PORTFOLIOS or word in ADJECTIVES and (
        words[i - 1] in DIRECTIONS or "Affairs" in words[i + 1:i + 4])) and _after_of(words, i)


def _after_of(words: list[str], i: int) -> bool:
    """Does words[i] follow an `of`, past the portfolios, adjectives and `the`/`and` between them?"""
    for word in reversed(words[:i]):
        if word == "of":
            return True
        if not (word in ("the", "and") or word in PORTFOLIOS or word in ADJECTIVES or word in DIRECTIONS):
            return False
    return False


SINGLE_TITLES = {t for t in TITLES if " " not in t and t[0].isupper() and t not in ORG_WORDS}


def _strip_connectors(words: list[str]) -> str:
    """The words without connectors at either end, a sentence's opening words (`The`, `However`) or
    a closing possessive; an adjective stays (`Arab League`, `Canadian Security Intelligence Service`)."""
    while words and (words[0].lower() in CONNECTORS or _INITIAL.fullmatch(words[0])  # `S. Embassy` of `U.S. Embassy`
                     or words[0] in NOT_NAMES and words[0] not in ORG_WORDS and words[0] not in ADJECTIVES):
        words = words[1:]
    while words and (words[-1].lower() in CONNECTORS or words[-1] in SECTION_ADJECTIVES):
        words = words[:-1]  # (`Embassy Political` of `Embassy Political Officer John Smith`)
    if words:
        words = words[:-1] + [_without_possessive(words[-1])]  # `the Korean People's Army's`
    return " ".join(words)


_INITIAL = re.compile(r"[A-Z]\.")


def _names_org(words: list[str]) -> bool:
    if words[-1] in STAFF:  # `an Embassy Officer`, `an Embassy LES`: people, not a body
        return False
    if len(words) == 1:
        return words[0] in known_org_acronyms() or words[0] in SINGLE_ORGS
    if not any(w in ORG_WORDS for w in words):
        return False
    return not (len(words) == 2 and words[-1] == "Government")


def _merge_surnames(entities: list[Entity], texts: list[str]) -> list[Entity]:
    """Fold a one-word person mention into the full name it abbreviates, when exactly one matches;
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
    out: list[Entity] = []
    for entity in entities:
        if entity.kind == "person" and len(entity.name.split()) == 1:
            matches = [f for f in full if f.name.split()[-1].casefold() == entity.name.casefold()]
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
