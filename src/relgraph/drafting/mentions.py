"""Names in the text: entities the graph knows (linked to their IRI) and new ones (with a class).

Per sentence, runs of capitalised words ("U.S. Secretary of State Antony J. Blinken",
"Security Governance Initiative (SGI) Joint Country Action Plan") are the candidates.
Every sub-span of a run, and the forms it may take in the graph (a pair in the other
order, "U.S." as "US" or "United States", without a possessive or "the"), is looked up
in the graph's labels with one query (``LabelIndex.for_names``); the longest match
wins. What is left is classified by rules:

* a title before a name: a person, the post the title names ("Secretary of State
  (United States)", its state from "U.S."/"Kenyan"/"Kenya's" or "of Kenya" after the
  name) and that state; a post the graph has ("US President") is reused;
* a head word: "Ministry ..." a ministry, "... Union" an international organisation,
  "... Agreement" an agreement, "... Plan" an action plan, "... Dialogue" a bilateral
  mechanism, "... Act" a trade framework, ...;
* a state, a capital or a place after "in"/"at"/"to": by ``gazetteer``;
* a surname used alone after the full name ("Blinken said"): the same person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from relgraph.drafting.gazetteer import capital_cities, state_names
from relgraph.drafting.lexicon import Known, LabelIndex, name_key
from relgraph.ingest.sentences import Sentence

__all__ = ["EntityMention", "NewEntity", "Token", "find_mentions", "slug", "tokenize"]

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s)|[\w][\w’'.&]*[\w]|[\w]|[-–—()]")
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de", "&", "-", "–"})

# fmt: off
#: Words of titles and offices ("Assistant Secretary of State for African Affairs").
TITLE_HEADS = frozenset({
    "president", "vice", "prime", "minister", "ministers", "secretary", "secretary-general", "cs", "ambassador",
    "amb.", "chancellor", "king", "queen", "prince", "princess", "emir", "sheikh", "sultan", "premier", "senator",
    "sen.", "rep.", "representative", "congressman", "congresswoman", "governor", "mayor", "envoy", "commissioner",
    "chairman", "chairperson", "chair", "director", "director-general", "spokesperson", "spokesman", "spokeswoman",
    "general", "gen.", "admiral", "adm.", "chief", "speaker", "chargé", "consul", "attorney", "advisor", "adviser",
    "counsellor", "counselor", "deputy", "assistant", "under", "principal", "permanent", "head", "leader",
})
HONORIFICS = frozenset({"dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "prof.", "h.e.", "hon.", "hon", "amb."})
TITLE_WORDS = TITLE_HEADS | HONORIFICS | frozenset({
    "foreign", "affairs", "state", "defence", "defense", "trade", "finance", "treasury", "interior", "home",
    "commerce", "economic", "development", "african", "political", "international", "cooperation", "security",
    "national", "homeland", "health", "agriculture", "energy", "investment", "industry", "tourism", "information",
    "justice", "public", "service", "planning", "environment", "education", "labour", "labor", "transport",
    "infrastructure", "relations", "east", "asian", "european", "special", "staff", "high", "senior", "cabinet",
    "united", "nations", "states", "of", "for", "and", "the", "to", "on", "africa", "army", "military", "navy",
    "excellency", "his", "her", "mining", "petroleum", "water", "immigration", "interim", "acting", "first", "lady",
    "crown", "resident", "coordinator", "trade representative",
})
#: Head words of organisations, documents and mechanisms -> class (the first the ontology has).
HEADS: dict[str, tuple[str, ...]] = {
    "ministry": ("Ministry",), "department": ("Ministry",), "treasury": ("Ministry",),
    "government": ("GovernmentBody",), "parliament": ("GovernmentBody",), "congress": ("GovernmentBody",),
    "senate": ("GovernmentBody",), "assembly": ("GovernmentBody",), "presidency": ("GovernmentBody",),
    "embassy": ("GovernmentBody",), "agency": ("GovernmentBody",), "authority": ("GovernmentBody",),
    "forces": ("GovernmentBody",), "army": ("GovernmentBody",), "navy": ("GovernmentBody",), "office": ("GovernmentBody",),
    "cabinet": ("GovernmentBody",), "house": ("Place",), "high commission": ("GovernmentBody",),
    "union": ("InternationalOrganization",), "nations": ("InternationalOrganization",),
    "organization": ("InternationalOrganization",), "organisation": ("InternationalOrganization",),
    "bank": ("InternationalOrganization",), "fund": ("InternationalOrganization",),
    "community": ("InternationalOrganization",), "alliance": ("InternationalOrganization",),
    "council": ("InternationalOrganization",),
    "agreement": ("Agreement",), "treaty": ("Agreement",), "accord": ("Agreement",), "memorandum": ("Agreement",),
    "pact": ("Agreement",), "protocol": ("Agreement",), "convention": ("Agreement",), "deal": ("Agreement",),
    "mou": ("Agreement",), "charter": ("Agreement",),
    "plan": ("ActionPlan",), "roadmap": ("ActionPlan",), "strategy": ("ActionPlan",),
    "dialogue": ("BilateralMechanism",), "commission": ("BilateralMechanism",), "committee": ("BilateralMechanism",),
    "mechanism": ("BilateralMechanism",), "forum": ("BilateralMechanism",), "consultations": ("BilateralMechanism",),
    "act": ("TradeFramework",), "framework": ("Framework",), "initiative": ("Framework",), "programme": ("Framework",),
    "program": ("Framework",),
    "communique": ("JointCommunique",), "communiqué": ("JointCommunique",), "statement": ("Statement",),
    "declaration": ("Statement",),
}
#: International organisations by acronym.
IO_ACRONYMS = frozenset({
    "UN", "AU", "EU", "NATO", "WTO", "IMF", "WHO", "IGAD", "EAC", "ECOWAS", "SADC", "ASEAN", "OPEC", "OECD", "G7",
    "G20", "UNSC", "UNGA", "BRICS", "APEC", "COMESA", "AfDB", "UNDP", "UNHCR", "WFP", "FAO", "ICC", "SCO", "OAS",
})
_STOP = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "in", "on", "at", "as",
    "but", "and", "or", "for", "with", "after", "before", "during", "while", "when", "since", "according", "under",
    "both", "its", "his", "her", "their", "our", "there", "also", "however", "meanwhile", "further", "furthermore",
    "by", "to", "from", "of", "if", "so", "yet", "last", "next", "earlier", "later", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "regards", "among", "between", "through", "following",
    "speaking", "asked", "addressing", "mr", "today", "yesterday", "tomorrow", "several", "two", "many", "all",
    "other", "each", "such", "one", "some", "more", "most", "no", "not", "what", "which", "who", "where", "why",
})
#: Modifiers of a state that make a heading word into a domestic body ("National Security Council").
_DOMESTIC = frozenset({"national", "federal", "state", "county", "provincial", "presidential", "security"})
_HEAD_OF_STATE = frozenset({"president", "king", "queen", "emir", "sultan"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "visit", "visited", "visiting", "near", "outside"})
# fmt: on


@dataclass(frozen=True)
class Token:
    text: str
    begin: int
    end: int

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and self.text[-1:].isupper())


def tokenize(text: str, begin: int, end: int) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, begin, end)]


def slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.casefold())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "entity"


@dataclass
class NewEntity:
    """An entity the graph does not have, proposed by the draft."""

    name: str  # reld: local name (slug)
    cls: str  # rel: class local name
    label: str
    why: str
    alt: list[str] = field(default_factory=list)
    state: str | None = None  # IRI or new-entity name of the state it belongs to (posts)
    holds: str | None = None  # a person's post (name of a new post or IRI of a known one)
    first: int = 0  # offset of its first mention


@dataclass(frozen=True)
class EntityMention:
    """A span of the text that names an entity: known (``iri``) or new (``new``, a NewEntity name)."""

    begin: int
    end: int
    text: str
    sentence: int  # Sentence.index
    cls: str
    iri: str | None = None  # an entity of the graph
    new: str | None = None  # the name of a NewEntity
    why: str = ""

    @property
    def ref(self) -> str:
        """How the fact sheet names it: a reld: local name or the new entity's name."""
        if self.iri is not None:
            return self.iri.rsplit("/", 1)[-1]
        return self.new or ""


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised tokens, joined by connectors and parenthesised acronyms."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.capital:
            current.append(tok)
        elif current and tok.text in ("relations", "ties", "relationship"):  # "U.S.-Kenya relations"
            runs.append([*current, tok])
            current = []
        elif current and (tok.text in _CONNECTORS or tok.text == "(") and i + 1 < len(tokens):
            if tok.text == "(":
                if i + 2 < len(tokens) and tokens[i + 1].capital and tokens[i + 2].text == ")":
                    current += tokens[i : i + 3]
                    i += 3
                    continue
                runs.append(current)
                current = []
            elif tokens[i + 1].capital and tokens[i + 1].text.casefold() not in _STOP:
                current.append(tok)
            else:
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
        i += 1
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and not run[-1].capital and run[-1].text not in ("relations", "ties", "relationship"):
            run = run[:-1]
        if run:
            out.append(run)
    return out


def _spans(run: list[Token], limit: int = 12) -> Iterable[tuple[int, int]]:
    """Sub-spans of a run that start and end with a name word (not "The", not a connector)."""
    for i in range(len(run)):
        if not run[i].capital or (run[i].text.casefold() in _STOP and i + 1 < len(run)):
            continue
        for j in range(i, min(len(run), i + limit)):
            if run[j].capital or run[j].text in ("relations", "ties", "relationship"):
                yield i, j + 1


_ALIASES = (("U.S.", "US", "United States", "USA"), ("U.K.", "UK", "United Kingdom", "Britain"))


def surface_variants(span: str, *, after_the: bool = False, owner: str | None = None) -> set[str]:
    """The forms a span of the text may have as a label in the graph."""
    from relgraph.ingest.reconcile import pair_variants

    forms = {span}
    acronym = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", span)
    if acronym:  # "Security Governance Initiative (SGI) Joint Country Action Plan" -> "SGI Joint Country Action Plan"
        letters = [c for c in acronym.group(1) if c.isupper()]
        words = span[: acronym.start()].split()
        if len(words) >= len(letters) and [w[0] for w in words[-len(letters) :]] == letters:
            lead = " ".join(words[: -len(letters)])
            forms.add(f"{lead} {acronym.group(1)}{span[acronym.end() :]}".strip())
    if owner:
        forms.add(f"{span} ({owner})")
    if after_the:
        forms.add("the " + span)
    stripped = re.sub(r"[’']s$", "", span)
    forms.add(stripped)
    for form in list(forms):
        forms |= pair_variants(form)
        forms.add(re.sub(r"\s*\([^()]*\)", "", form))
        forms.add(form.replace("–", "-"))
        forms.add(form.replace("-", "–"))
        forms.add(form.replace(" & ", " and "))
        forms.add(form.replace(" and ", " & "))
        for group in _ALIASES:
            for alias in group:
                if re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w])", form):
                    for other in group:
                        forms.add(re.sub(rf"(?<![\w.]){re.escape(alias)}(?![\w])", other, form, count=1))
    return {f.strip() for f in forms if f.strip()}


@dataclass
class _Found:
    mentions: list[EntityMention] = field(default_factory=list)
    entities: dict[str, NewEntity] = field(default_factory=dict)


def candidate_names(text: str, sentences: list[Sentence]) -> set[str]:
    """Every name the text may use for an entity of the graph (the needles of the one look-up)."""
    names: set[str] = set()
    for sentence in sentences:
        tokens = tokenize(text, sentence.begin, sentence.end)
        for run in _runs(tokens):
            for i, j in _spans(run):
                span = text[run[i].begin : run[j - 1].end]
                before = text[max(0, run[i].begin - 4) : run[i].begin]
                names |= surface_variants(span, after_the=before.casefold() == "the ", owner=_owner(run, i))
    return names


def find_mentions(
    text: str, sentences: list[Sentence], index: LabelIndex, classes: frozenset[str]
) -> tuple[list[EntityMention], dict[str, NewEntity]]:
    """Mentions of known and new entities, and the new entities, for the whole text."""
    found = _Found()
    for sentence in sentences:
        tokens = tokenize(text, sentence.begin, sentence.end)
        for run in _runs(tokens):
            _read_run(text, sentence, tokens, run, index, classes, found)
    _link_surnames(text, sentences, found)
    found.mentions.sort(key=lambda m: m.begin)
    return found.mentions, found.entities


def _choose(candidates: list[Known]) -> Known:
    order = ("State", "Person", "City", "Ministry", "GovernmentBody", "InternationalOrganization", "Place")

    def rank(k: Known) -> int:
        return min((order.index(c) for c in k.classes if c in order), default=len(order))

    return min(candidates, key=lambda k: (rank(k), k.iri))


def _main_class(known: Known) -> str:
    for c in sorted(known.classes):
        if "://" not in c:
            return c
    return "Thing"


def _read_run(
    text: str,
    sentence: Sentence,
    tokens: list[Token],
    run: list[Token],
    index: LabelIndex,
    classes: frozenset[str],
    found: _Found,
) -> None:
    """Link the longest known spans of a run, then classify what is left."""
    covered = [False] * len(run)
    matches: list[tuple[int, int, Known]] = []
    for i, j in sorted(_spans(run), key=lambda ij: (ij[0] - ij[1], ij[0])):
        if any(covered[i:j]):
            continue
        span = text[run[i].begin : run[j - 1].end]
        hits: list[Known] = []
        for form in surface_variants(span, owner=_owner(run, i)):
            hits += index.lookup(form)
        if not hits:
            continue
        if j - i == 1 and span.casefold() in _STOP:
            continue
        for k in range(i, j):
            covered[k] = True
        matches.append((i, j, _choose(hits)))
    for i, j, known in matches:
        begin, end = run[i].begin, run[j - 1].end
        found.mentions.append(
            EntityMention(
                begin, end, text[begin:end], sentence.index, _main_class(known), iri=known.iri,
                why=f"the graph labels {known.local} {known.label!r}",
            )
        )  # fmt: skip
        if j - i > 1:  # the states named inside a pair: "Kenya-US relations", "U.S.-Kenya Dialogue"
            for k in range(i, j):
                states = [
                    h for form in surface_variants(run[k].text) for h in index.lookup(form) if "State" in h.classes
                ]
                near = (k > i and run[k - 1].text in "-–/") or (k + 1 < j and run[k + 1].text in "-–/")
                if states and near:
                    state = _choose(states)
                    found.mentions.append(
                        EntityMention(run[k].begin, run[k].end, run[k].text, sentence.index, "State", iri=state.iri,
                                      why=f"a state of the pair in {text[begin:end]!r}")
                    )  # fmt: skip
    # the uncovered stretches of the run
    start = None
    for k in range(len(run) + 1):
        if k < len(run) and not covered[k]:
            start = k if start is None else start
            continue
        if start is not None:
            piece = run[start:k]
            while piece and not piece[-1].capital:
                piece = piece[:-1]
            while piece and not piece[0].capital:
                piece = piece[1:]
            if piece:
                _classify(text, sentence, tokens, piece, run, matches, classes, found)
            start = None


def _owner(run: list[Token], i: int) -> str | None:
    """The state a possessive before the span names ("Kenya's Ministry of Foreign Affairs" -> "Kenya")."""
    if i > 0 and re.search(r"[’']s$", run[i - 1].text):
        return re.sub(r"[’']s$", "", run[i - 1].text)
    return None


def _add_entity(found: _Found, entity: NewEntity) -> NewEntity:
    """Reuse a new entity of the same key (reconciliation within the text)."""
    key = name_key(entity.label)
    for other in found.entities.values():
        if other.cls == entity.cls and (name_key(other.label) == key or key in {name_key(a) for a in other.alt}):
            return other
    name = entity.name
    n = 2
    while name in found.entities:
        name = f"{entity.name}-{n}"
        n += 1
    entity.name = name
    found.entities[name] = entity
    return entity


def _state_in(words: list[str], following: str, found: _Found, matches) -> tuple[str | None, str | None]:
    """The state a title names: (IRI of a known state, or a state label), from its words or 'of X' after."""
    for _, _, known in matches:
        if "State" in known.classes:
            return known.iri, known.label
    states = state_names()
    for word in [*words, following]:
        bare = re.sub(r"[’']s$", "", word)
        for s in states.values():
            if bare in s.names or bare in s.adjectives:
                return None, s.label
    return None, None


def _resolve_class(wanted: tuple[str, ...], classes: frozenset[str], fallback: str) -> str:
    for c in wanted:
        if c in classes:
            return c
    return fallback if fallback in classes or not classes else sorted(classes)[0]


def _classify(
    text: str,
    sentence: Sentence,
    tokens: list[Token],
    piece: list[Token],
    run: list[Token],
    matches: list[tuple[int, int, Known]],
    classes: frozenset[str],
    found: _Found,
) -> None:
    words = [t.text for t in piece]
    lowered = [w.casefold() for w in words]
    if len(piece) == 1 and (lowered[0] in _STOP or lowered[0] in TITLE_WORDS):
        return
    if len(piece) == 1:
        bare = re.sub(r"[’']s$", "", words[0])
        earlier = [m for m in found.mentions if m.begin < piece[0].begin]
        if any(m.cls == "Person" and " " in m.text and m.text.split()[-1] == bare for m in earlier):
            return  # a surname: linked by _link_surnames
        if bare.casefold() in HEADS:  # "the Dialogue": the last entity named with that head word
            for m in reversed(earlier):
                if m.text.split()[-1].casefold() == bare.casefold():
                    found.mentions.append(
                        EntityMention(piece[0].begin, piece[0].end, words[0], sentence.index, m.cls, iri=m.iri,
                                      new=m.new, why=f"'{words[0]}' names again {m.text!r} of sentence {m.sentence}")
                    )  # fmt: skip
                    return
    while piece and piece[0].text.casefold() in _STOP and len(piece) > 1:
        piece, words, lowered = piece[1:], words[1:], lowered[1:]
    begin, end = piece[0].begin, piece[-1].end
    span = text[begin:end]
    at = tokens.index(piece[0]) if piece[0] in tokens else 0
    before = tokens[at - 1].text.casefold() if at > 0 else ""
    after_index = tokens.index(piece[-1]) + 1 if piece[-1] in tokens else len(tokens)
    after = tokens[after_index].text if after_index < len(tokens) else ""

    def mention(b: int, e: int, entity: NewEntity, why: str) -> None:
        found.mentions.append(EntityMention(b, e, text[b:e], sentence.index, entity.cls, new=entity.name, why=why))

    # a state by its name
    for s in state_names().values():
        if span in s.names:
            entity = _add_entity(found, NewEntity(slug(s.label), _resolve_class(("State",), classes, "State"), s.label,
                                                   f"'{span}' is the state {s.label} (ISO 3166-1 {s.alpha3})",
                                                   first=begin))  # fmt: skip
            mention(begin, end, entity, entity.why)
            return
    # a title before a name: person (+ post)
    head_at = max((k for k, w in enumerate(lowered) if w in TITLE_HEADS), default=None)
    if head_at is not None:
        name_start = head_at + 1
        while name_start < len(piece) and lowered[name_start] in TITLE_WORDS:
            name_start += 1
        name_tokens = piece[name_start:]
        if name_tokens and all(t.capital for t in name_tokens) and len(name_tokens) <= 4:
            _person_with_title(text, sentence, piece[:name_start], name_tokens, after, matches, classes, found)
            return
        if not name_tokens:
            return  # a bare title ("the President"): nothing to propose
    # an international organisation by acronym
    if len(piece) == 1 and words[0] in IO_ACRONYMS:
        entity = _add_entity(found, NewEntity(slug(words[0]), _resolve_class(("InternationalOrganization",), classes,
                             "Thing"), words[0], f"'{words[0]}' is the acronym of an international organisation",
                             first=begin))  # fmt: skip
        mention(begin, end, entity, entity.why)
        return
    # a head word
    for k in range(len(lowered) - 1, -1, -1):
        head = lowered[k].strip("()")
        if head in HEADS and (k == len(lowered) - 1 or lowered[k + 1] in ("of", "for", "on", "(")):
            wanted = HEADS[head]
            if wanted == ("InternationalOrganization",) and any(w in _DOMESTIC for w in lowered):
                wanted = ("GovernmentBody",)
            if head == "house" and not any(w in ("white", "state") for w in lowered):
                break
            if wanted[0] in ("Framework",):
                context = " ".join(lowered)
                if re.search(r"trade|investment|economic|growth|opportunity", context):
                    wanted = ("TradeFramework", "Framework")
                elif re.search(r"security|governance|defen[cs]e|counter", context):
                    wanted = ("SecurityGovernanceFramework", "Framework")
            cls = _resolve_class(wanted, classes, "Thing")
            label = span
            acronym = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", span)
            entity = NewEntity(slug(re.sub(r"\s*\([^()]*\)", "", span)), cls, label,
                               f"head word '{words[k]}' -> {cls}", alt=[acronym.group(1)] if acronym else [],
                               first=begin)  # fmt: skip
            entity = _add_entity(found, entity)
            mention(begin, end, entity, entity.why)
            return
    # a capital city or a place after a preposition
    if span in capital_cities() or (before in _PLACE_PREPOSITIONS and len(piece) <= 3 and at > 0):
        if any(w in _STOP for w in lowered):
            return
        is_city = span in capital_cities()
        cls = _resolve_class(("City",) if is_city else ("Place",), classes, "Place")
        why = f"'{span}' is a capital city" if is_city else f"a name after '{before}'"
        entity = _add_entity(found, NewEntity(slug(span), cls, span, why, first=begin))
        mention(begin, end, entity, why)
        return
    # an acronym defined by a new entity already ("(SGI)")
    if len(piece) == 1 and words[0].isupper():
        for other in found.entities.values():
            if words[0] in other.alt:
                mention(begin, end, other, f"'{words[0]}' is the acronym of {other.label!r}")
                return
        return
    # a personal name: two to four capitalised words with an initial, or before a reporting verb
    if 2 <= len(piece) <= 4 and all(re.fullmatch(r"[A-Z][a-z’'-]+|[A-Z]\.", w) for w in words):
        nxt = text[end : end + 12].casefold()
        if (
            any(re.fullmatch(r"[A-Z]\.", w) for w in words)
            or re.match(r",?\s*(said|says|told|added|stated|noted)\b", nxt)
            or (before in ("by", "with", "and") and at > 0)
        ) and not any(w.casefold() in _STOP or w.casefold() in TITLE_WORDS for w in words):
            cls = _resolve_class(("Person",), classes, "Person")
            entity = _add_entity(found, NewEntity(slug(span), cls, span, "a personal name", first=begin))
            mention(begin, end, entity, "a personal name")


def _person_with_title(
    text: str,
    sentence: Sentence,
    title: list[Token],
    name: list[Token],
    after: str,
    matches: list[tuple[int, int, Known]],
    classes: frozenset[str],
    found: _Found,
) -> None:
    title_words = [t.text for t in title]
    [w.casefold() for w in title_words]
    # honorifics and a rank after the office ("... Foreign Affairs Ambassador Monica Juma") are not the post
    core = list(title)
    while core and core[0].text.casefold() in HONORIFICS:
        core = core[1:]
    heads = [k for k, t in enumerate(core) if t.text.casefold() in TITLE_HEADS]
    if len(heads) > 1 and core[heads[-1]].text.casefold() in ("ambassador", "amb.", "dr.", "general", "gen."):
        core = core[: heads[-1]]
    state_iri, state_label = _state_in(title_words, after, found, matches)
    office = [t for t in core if not _is_state_word(t.text)]
    while office and office[0].text.casefold() in ("of", "for", "and", "the"):
        office = office[1:]
    person_label = " ".join(t.text for t in name)
    person_begin, person_end = name[0].begin, name[-1].end
    person_cls = _resolve_class(("Person",), classes, "Person")
    person = _add_entity(
        found,
        NewEntity(slug(_without_initials(person_label)), person_cls, person_label,
                  f"a name after the title {' '.join(title_words)!r}", first=person_begin),
    )  # fmt: skip
    found.mentions.append(
        EntityMention(person_begin, person_end, text[person_begin:person_end], sentence.index, person.cls,
                      new=person.name, why=person.why)
    )  # fmt: skip
    if not office:
        return
    office_label = " ".join(t.text for t in office)
    if office_label.casefold() in HONORIFICS:
        return  # "Dr. Juma": a courtesy title, not a post
    post_label = f"{office_label} ({state_label})" if state_label else office_label
    heads_lower = {t.text.casefold() for t in office}
    wanted = (
        ("HeadOfStatePost", "Post")
        if heads_lower & _HEAD_OF_STATE and "vice" not in heads_lower
        else ("MinisterialPost", "Post")
        if heads_lower & {"minister", "secretary", "cs"}
        else ("Post",)
    )
    post = _add_entity(
        found,
        NewEntity("post-" + slug(post_label), _resolve_class(wanted, classes, "Post"), post_label,
                  f"the title {office_label!r} names a post"
                  + (f" of {state_label}" if state_label else ""), first=office[0].begin, state=state_iri or state_label),
    )  # fmt: skip
    person.holds = person.holds or post.name
    found.mentions.append(
        EntityMention(office[0].begin, office[-1].end, text[office[0].begin : office[-1].end], sentence.index,
                      post.cls, new=post.name, why=post.why)
    )  # fmt: skip


def _is_state_word(word: str) -> bool:
    bare = re.sub(r"[’']s$", "", word)
    return any(bare in s.names or bare in s.adjectives for s in state_names().values())


def _without_initials(label: str) -> str:
    words = label.split()
    if len(words) > 2:
        words = [words[0], *[w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.", w)], words[-1]]
    return " ".join(words)


def _link_surnames(text: str, sentences: list[Sentence], found: _Found) -> None:
    """A surname alone ("Blinken said", "According to Juma") after the full name: the same person."""
    people: list[tuple[int, str, str | None, str | None]] = []  # (offset, surname, iri, new)
    for m in found.mentions:
        if m.cls == "Person" and " " in m.text:
            people.append((m.begin, re.sub(r"[’']s$", "", m.text.split()[-1]), m.iri, m.new))
    taken = [(m.begin, m.end) for m in found.mentions]
    for sentence in sentences:
        for tok in tokenize(text, sentence.begin, sentence.end):
            bare = re.sub(r"[’']s$", "", tok.text)
            if any(b <= tok.begin < e for b, e in taken):
                continue
            earlier = [p for p in people if p[1] == bare and p[0] < tok.begin]
            if not earlier:
                continue
            _, _, iri, new = earlier[-1]
            end = tok.begin + len(bare)
            found.mentions.append(
                EntityMention(tok.begin, end, text[tok.begin : end], sentence.index, "Person", iri=iri, new=new,
                              why=f"the surname of {earlier[-1][2] or earlier[-1][3]} named earlier")
            )  # fmt: skip
            taken.append((tok.begin, end))
