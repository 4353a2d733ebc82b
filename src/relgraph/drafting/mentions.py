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

import functools
import re
from collections.abc import Iterable

from relgraph.drafting.classify import classify, lower_head
from relgraph.drafting.conventions import (
    LOWER_HEADS,
    RANKS,
    capital_state,
    list_members,
    metonymy,
    state_forms,
    states_in,
)  # fmt: skip
from relgraph.drafting.gazetteer import StateName
from relgraph.drafting.lexicon import Known, LabelIndex
from relgraph.drafting.names import (
    CONNECTORS,
    HEADS,
    HONORIFICS,
    STOP,
    TITLE_HEADS,
    EntityMention,
    Found,
    NewEntity,
    Token,
    add_entity,
    resolve_class,
    slug,
    tokenize,
)  # fmt: skip
from relgraph.ingest.sentences import Segment, Sentence

__all__ = ["EntityMention", "NewEntity", "Token", "candidate_names", "find_mentions", "slug", "tokenize"]

_BODY_HEADS = frozenset({"police", "government", "forces", "army", "navy", "embassy", "parliament", "delegation"})
_POSTS = frozenset({"Post", "MinisterialPost", "HeadOfStatePost"})


def _runs(tokens: list[Token], text: str) -> list[list[Token]]:
    """Maximal runs of capitalised tokens, joined by connectors and parenthesised acronyms (never across a comma)."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        gap = text[current[-1].end : tok.begin].strip() if current else ""
        if gap and not (gap == "." and (len(current[-1].text) <= 3 or current[-1].text.casefold() in HONORIFICS)):
            runs.append(current)  # "Monica Juma, Fred Matiangi": punctuation ends a run ("Mr. Ambode" does not)
            current = []
        if tok.capital:
            current.append(tok)
        elif current and tok.text in ("relations", "ties", "relationship"):  # "U.S.-Kenya relations"
            runs.append([*current, tok])
            current = []
        elif current and (tok.text in CONNECTORS or tok.text == "(") and i + 1 < len(tokens):
            if tok.text == "(":
                if i + 2 < len(tokens) and tokens[i + 1].capital and tokens[i + 2].text == ")":
                    current += tokens[i : i + 3]
                    i += 3
                    continue
                runs.append(current)
                current = []
            elif tokens[i + 1].capital and tokens[i + 1].text.casefold() not in STOP:
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
        if not run[i].capital or (run[i].text.casefold() in STOP and i + 1 < len(run)):
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


def candidate_names(text: str, sentences: list[Sentence], datelines: Iterable[Segment] = ()) -> set[str]:
    """Every name the text may use for an entity of the graph (the needles of the one look-up)."""
    states = states_in(text)
    names: set[str] = {name for state in states for name in (state.label, *state.names[:2])}  # "Kenyan" -> Kenya
    for sentence in [*_dateline_sentences(datelines), *sentences]:
        tokens = tokenize(text, sentence.begin, sentence.end)
        for run in _runs(tokens, text):
            for i, j in _spans(run):
                span = text[run[i].begin : run[j - 1].end]
                before = text[max(0, run[i].begin - 4) : run[i].begin]
                names |= _forms(span, states, after_the=before.casefold() == "the ", owner=_owner(run, i))
        for _, _, label in list_members(text, sentence.begin, sentence.end):
            names |= _forms(label, states)
    return names


def _forms(
    span: str, states: list[StateName], *, after_the: bool = False, owner: str | None = None, needles: bool = True
) -> set[str]:
    """The label forms of a span: its variants, and a title's or body's forms with the text's states; as needles,
    also the names of a capital's state (so that "talks with Nairobi" can find Kenya)."""
    forms = surface_variants(span, after_the=after_the, owner=owner)
    if span.isupper() and len(span) > 3:  # "WASHINGTON" in a dateline
        forms |= surface_variants(span.title())
    if needles:
        forms |= _state_forms(span, states)
        capital = capital_state(re.sub(r"[’']s$", "", span))
        if capital is not None:
            forms |= set(capital.names[:3]) | {capital.capital or "", span.title()}
    return {f for f in forms if f}


def _state_forms(span: str, states: list[StateName]) -> set[str]:
    """ "Secretary of State" -> "Secretary of State (United States)": a title or body of two words or more."""
    words = [w.casefold() for w in span.split()]
    heads = TITLE_HEADS | set(HEADS)
    if len(words) < 2 or not (words[0] in heads or words[-1] in heads):
        return set()  # only spans that begin or end with the title's or body's head word
    return state_forms(span, states)


def _dateline_sentences(datelines: Iterable[Segment]) -> list[Sentence]:
    """A dateline read as part of sentence 1 (its place and date belong to the story's first sentence)."""
    return [Sentence(1, d.begin, d.end, d.text) for d in datelines if not d.text.startswith("date ")]


def find_mentions(
    text: str,
    sentences: list[Sentence],
    index: LabelIndex,
    classes: frozenset[str],
    datelines: Iterable[Segment] = (),
) -> tuple[list[EntityMention], dict[str, NewEntity]]:
    """Mentions of known and new entities, and the new entities, for the whole text."""
    found = Found(states=states_in(text), lookup=index.lookup)
    for line in _dateline_sentences(datelines):
        _dateline_place(text, line, index, classes, found)
    for sentence in sentences:
        tokens = tokenize(text, sentence.begin, sentence.end)
        claimed = _list_members(text, sentence, index, classes, found)
        for run in _runs(tokens, text):
            run = [t for t in run if not any(b <= t.begin < e for b, e in claimed)]
            if run:
                _read_run(text, sentence, tokens, run, index, classes, found)
    _link_surnames(text, sentences, found)
    _promote_listed_names(text, found, classes)
    found.mentions.sort(key=lambda m: m.begin)
    return found.mentions, found.entities


def _dateline_place(text: str, line: Sentence, index: LabelIndex, classes: frozenset[str], found: Found) -> None:
    """The place of a dateline ("WASHINGTON, April 29 (Reuters) -", "London, August 29, 2018"): a city."""
    m = re.match(r"\s*([A-Z][A-Za-z.'’ /-]*?[A-Za-z])(?=\s*[,(\-–—])", text[line.begin : line.end])
    if not m:
        return
    begin, end = line.begin + m.start(1), line.begin + m.end(1)
    name = m.group(1)
    hits = [k for form in surface_variants(name.title() if name.isupper() else name) for k in index.lookup(form)]
    cities = [k for k in hits if "City" in k.classes or "Place" in k.classes]
    if cities:
        known = _choose(cities)
        found.mentions.append(EntityMention(begin, end, name, 1, _main_class(known), iri=known.iri,
                                            why=f"the dateline's place; the graph labels {known.local} {known.label!r}"))  # fmt: skip
        return
    label = name.title() if name.isupper() else name
    entity = add_entity(found, NewEntity(slug(label), resolve_class(("City",), classes, "Place"), label,
                                         "the place of the dateline: a city", first=begin))  # fmt: skip
    found.mentions.append(EntityMention(begin, end, name, 1, entity.cls, new=entity.name, why=entity.why))


def _list_members(
    text: str, sentence: Sentence, index: LabelIndex, classes: frozenset[str], found: Found
) -> list[tuple[int, int]]:
    """ "the Departments of State, Labor, Commerce and Agriculture": one department per word; their spans."""
    states = states_in(text)
    spans = []
    for begin, end, label in list_members(text, sentence.begin, sentence.end):
        hits = [k for form in _forms(label, states) for k in index.lookup(form)]
        if hits:
            known = _choose(hits)
            found.mentions.append(EntityMention(begin, end, text[begin:end], sentence.index, _main_class(known),
                                                iri=known.iri, why=f"{label!r}: the graph labels {known.label!r}"))  # fmt: skip
        else:
            cls = "Ministry" if label.startswith(("Department", "Ministry")) else "GovernmentBody"
            entity = add_entity(found, NewEntity(slug(label), resolve_class((cls,), classes, "Thing"), label,
                                                 f"one of a list of {label.split()[0].casefold()}s", first=begin))  # fmt: skip
            found.mentions.append(EntityMention(begin, end, text[begin:end], sentence.index, entity.cls,
                                                new=entity.name, why=entity.why))  # fmt: skip
        spans.append((begin, end))
    return spans


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
    found: Found,
) -> None:
    """Link the longest known spans of a run, then classify what is left."""
    if _infrastructure_after(tokens, run):
        return  # "the Nairobi-Nakuru-Mau Summit highway": a road, not the places it joins
    head = _lower_head_after(tokens, run)
    if head is not None:
        lower_head(text, sentence, run, head, classes, found)
        return
    matches, covered = _link_spans(text, sentence, tokens, run, index, found)
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
            for part in _split_pair(piece) if piece else []:
                if part:
                    classify(text, sentence, tokens, part, matches, classes, found)
            start = None


_INFRASTRUCTURE = frozenset({
    "highway", "road", "railway", "corridor", "pipeline", "bypass", "bypasses", "bridge", "expressway", "route",
})  # fmt: skip


def _infrastructure_after(tokens: list[Token], run: list[Token]) -> bool:
    """A chain of three names joined by hyphens before a road's word names the road ("Nairobi-Nakuru-Mau Summit highway")."""
    at = tokens.index(run[-1]) + 1 if run[-1] in tokens else len(tokens)
    hyphens = sum(1 for t in run if t.text in ("-", "–"))
    return hyphens >= 2 and at < len(tokens) and tokens[at].text.casefold() in _INFRASTRUCTURE


def _lower_head_after(tokens: list[Token], run: list[Token]) -> Token | None:
    """The lower-case head word right after a short run ("Biden administration's", "U.S. delegation")."""
    at = tokens.index(run[-1]) + 1 if run[-1] in tokens else len(tokens)
    if at >= len(tokens) or len(run) > 3:
        return None
    word = re.sub(r"[’']s$", "", tokens[at].text)
    return tokens[at] if word in LOWER_HEADS and tokens[at].begin == run[-1].end + 1 else None


def _link_spans(
    text: str, sentence: Sentence, tokens: list[Token], run: list[Token], index: LabelIndex, found: Found
) -> tuple[list[tuple[int, int, Known]], list[bool]]:
    """The known spans of a run, longest first; which tokens they cover (a blocked span covers none)."""
    taken = [False] * len(run)
    covered = [False] * len(run)
    matches: list[tuple[int, int, Known]] = []
    for i, j in sorted(_spans(run), key=lambda ij: (ij[0] - ij[1], ij[0])):
        if any(taken[i:j]):
            continue
        span = text[run[i].begin : run[j - 1].end]
        hits = [
            h for form in _forms(span, found.states, owner=_owner(run, i), needles=False) for h in index.lookup(form)
        ]
        if not hits:  # the title or body with the text's states: never the state itself
            hits = [
                h for form in _state_forms(span, found.states) for h in index.lookup(form) if "State" not in h.classes
            ]
        if not hits or (j - i == 1 and span.casefold() in STOP):
            continue
        known = _choose(hits)
        taken[i:j] = [True] * (j - i)
        if _blocked(run, i, j, known):
            continue  # "Deputy U.S. Trade Representative", "Kenya Police": another entity, classified whole
        covered[i:j] = [True] * (j - i)
        matches.append((i, j, known))
        before = [t.text for t in tokens[max(0, tokens.index(run[i]) - 4) : tokens.index(run[i])]]
        _add_link(text, sentence, run, i, j, known, index, found, before)
    return matches, covered


def _blocked(run: list[Token], i: int, j: int, known: Known) -> bool:
    """A post after a rank word is another post; a state before a body's head word is part of the body's name."""
    if known.classes & _POSTS and i > 0 and run[i - 1].text.casefold() in RANKS:
        return True
    return bool("State" in known.classes and j < len(run) and run[j].text.casefold() in _BODY_HEADS)


def _add_link(
    text: str, sentence: Sentence, run: list[Token], i: int, j: int, known: Known, index: LabelIndex,
    found: Found, before: list[str],
) -> None:  # fmt: skip
    begin, end = run[i].begin, run[j - 1].end
    capital = capital_state(re.sub(r"[’']s$", "", text[begin:end])) if "City" in known.classes else None
    if capital is not None and metonymy(before, text[end : end + 3], text[begin:end]):
        states = [k for n in capital.names for k in index.lookup(n) if "State" in k.classes]
        if states:  # "talks with Nairobi": Kenya
            state = _choose(states)
            found.mentions.append(EntityMention(begin, end, text[begin:end], sentence.index, "State", iri=state.iri,
                                                why=f"the capital stands for {state.label} here"))  # fmt: skip
            return
    found.mentions.append(
        EntityMention(begin, end, text[begin:end], sentence.index, _main_class(known), iri=known.iri,
                      why=f"the graph labels {known.local} {known.label!r}")
    )  # fmt: skip
    if j - i > 1:  # the states named inside a pair: "Kenya-US relations", "U.S.-Kenya Dialogue"
        for k in range(i, j):
            states = [h for form in surface_variants(run[k].text) for h in index.lookup(form) if "State" in h.classes]
            near = (k > i and run[k - 1].text in "-–/") or (k + 1 < j and run[k + 1].text in "-–/")
            if states and near:
                state = _choose(states)
                found.mentions.append(
                    EntityMention(run[k].begin, run[k].end, run[k].text, sentence.index, "State", iri=state.iri,
                                  why=f"a state of the pair in {text[begin:end]!r}")
                )  # fmt: skip


def _split_pair(piece: list[Token]) -> list[list[Token]]:
    """Cut a piece at "and" where a second name begins: "German Chancellor Olaf Scholz and French President
    Emmanuel Macron", "United Kingdom and Nigeria"; "Ministry of Trade and Industry" stays whole."""
    for k, tok in enumerate(piece):
        if tok.text != "and" or k == 0 or k + 1 >= len(piece):
            continue
        right, left = piece[k + 1], piece[:k]
        right_word = re.sub(r"[’']s$", "", right.text)
        starts_name = (
            right.text.casefold() in TITLE_HEADS
            or _is_state(right_word)
            or _is_state(" ".join(t.text for t in piece[k + 1 : k + 3]))
        )
        left_titled = (
            any(t.text.casefold() in TITLE_HEADS for t in left) and left[-1].text.casefold() not in TITLE_HEADS
        )
        capitals = capital_state(right_word) is not None and capital_state(left[-1].text) is not None
        if starts_name or left_titled or capitals or _is_state(" ".join(t.text for t in left)):
            return [left, *_split_pair(piece[k + 1 :])]
    return [piece]


@functools.cache
def _is_state(words: str) -> bool:
    from relgraph.drafting.gazetteer import state_names

    return any(words in s.names or words in s.adjectives for s in state_names().values())


def _promote_listed_names(text: str, found: Found, classes: frozenset[str]) -> None:
    """A name-shaped piece next to a person in a list ("Monica Juma, Fred Matiangi (Interior Affairs), ..."): a person."""
    people = [m for m in found.mentions if m.cls == "Person"]
    for _, piece in found.pending:
        begin, end = piece[0].begin, piece[-1].end
        if any(m.begin < end and begin < m.end for m in found.mentions):
            continue
        near = any(
            re.fullmatch(r"\s*(?:\([^()]{1,40}\))?\s*,\s*(?:and\s+)?", text[m.end : begin])
            or re.fullmatch(r"\s*(?:\([^()]{1,40}\))?\s*,\s*(?:and\s+)?|\s+and\s+", text[end : m.begin])
            for m in people
        )
        if near:
            label = text[begin:end]
            entity = add_entity(found, NewEntity(slug(label), resolve_class(("Person",), classes, "Person"), label,
                                                 "a name listed beside a person", first=begin))  # fmt: skip
            sentence = next(i for i, p in found.pending if p is piece)
            found.mentions.append(EntityMention(begin, end, label, sentence, entity.cls, new=entity.name,
                                                why=entity.why))  # fmt: skip


def _owner(run: list[Token], i: int) -> str | None:
    """The state a possessive before the span names ("Kenya's Ministry of Foreign Affairs" -> "Kenya")."""
    if i > 0 and re.search(r"[’']s$", run[i - 1].text):
        return re.sub(r"[’']s$", "", run[i - 1].text)
    return None


_PARTICLES = frozenset({"da", "de", "do", "dos", "van", "von", "bin", "al"})


def _short_names(name: str) -> list[str]:
    """How a story names a person again: the surname; the name before a particle ("Lula" of "Luiz Inacio
    Lula da Silva"); a short family name written first ("Xi" of "Xi Jinping")."""
    words = name.split()
    out = [words[-1]]
    out += [words[k - 1] for k, w in enumerate(words) if w in _PARTICLES and k > 0]
    if len(words) == 2 and len(words[0]) <= 3 and words[0][:1].isupper() and not words[0].endswith("."):
        out.append(words[0])
    return out


def _link_surnames(text: str, sentences: list[Sentence], found: Found) -> None:
    """A surname alone ("Blinken said", "According to Juma") after the full name: the same person."""
    people: list[tuple[int, str, str | None, str | None]] = []  # (offset, surname, iri, new)
    for m in found.mentions:
        if m.cls == "Person" and " " in m.text:
            for short in _short_names(re.sub(r"[’']s$", "", m.text)):
                people.append((m.begin, short, m.iri, m.new))
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
