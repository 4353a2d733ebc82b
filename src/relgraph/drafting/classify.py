"""What a new name is: a state, a person with the post of their title, an organisation by its head word, a place.

``classify(...)`` reads one stretch of capitalised words that the graph does not know and
adds the mentions and new entities it names to a ``Found``. Each rule is a function;
``classify`` tries them in order and the first that answers wins.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from relgraph.drafting.conventions import LOWER_HEADS, REGIONS, ROLE_NOUNS, capital_state, metonymy
from relgraph.drafting.gazetteer import state_names
from relgraph.drafting.lexicon import Known
from relgraph.drafting.names import (
    DOMESTIC,
    HEAD_OF_STATE,
    HEADS,
    HONORIFICS,
    IO_ACRONYMS,
    PLACE_PREPOSITIONS,
    STOP,
    TITLE_HEADS,
    TITLE_WORDS,
    EntityMention,
    Found,
    NewEntity,
    Token,
    add_entity,
    resolve_class,
    slug,
)  # fmt: skip
from relgraph.ingest.sentences import Sentence

__all__ = ["classify", "lower_head"]


def _state_in(words: list[str], following: str, found: Found, matches) -> tuple[str | None, str | None]:
    """The state a title names: (IRI of a known state, or a state label), from its words or 'of X' after."""
    for _, _, known in matches:
        if "State" in known.classes:
            return known.iri, known.label
    states = state_names()
    for word in [*words, following]:
        bare = re.sub(r"[’']s$", "", word)
        for s in states.values():
            if bare in s.names or bare in s.adjectives:
                graph = [k for k in (found.lookup(s.label) if found.lookup else []) if "State" in k.classes]
                return (graph[0].iri, graph[0].label) if graph else (None, s.label)  # "Kenyan": the graph's Kenya
    return None, None


@dataclass
class _Piece:
    """A stretch of capitalised words the graph does not know, with what surrounds it."""

    text: str
    sentence: Sentence
    tokens: list[Token]
    piece: list[Token]
    matches: list[tuple[int, int, Known]]
    classes: frozenset[str]
    found: Found

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.piece]

    @property
    def lowered(self) -> list[str]:
        return [t.text.casefold() for t in self.piece]

    @property
    def begin(self) -> int:
        return self.piece[0].begin

    @property
    def end(self) -> int:
        return self.piece[-1].end

    @property
    def span(self) -> str:
        return self.text[self.begin : self.end]

    @property
    def at(self) -> int:
        return self.tokens.index(self.piece[0]) if self.piece[0] in self.tokens else 0

    @property
    def before_words(self) -> list[str]:
        return [t.text for t in self.tokens[max(0, self.at - 4) : self.at]]

    @property
    def before(self) -> str:
        return self.tokens[self.at - 1].text.casefold() if self.at > 0 else ""

    @property
    def after(self) -> str:
        k = self.tokens.index(self.piece[-1]) + 1 if self.piece[-1] in self.tokens else len(self.tokens)
        return self.tokens[k].text if k < len(self.tokens) else ""

    def mention(self, begin: int, end: int, entity: NewEntity, why: str) -> None:
        self.found.mentions.append(
            EntityMention(begin, end, self.text[begin:end], self.sentence.index, entity.cls, new=entity.name, why=why)
        )

    def propose(self, name: str, cls: tuple[str, ...], label: str, why: str, *, begin: int | None = None,
                alt: list[str] | None = None) -> NewEntity:  # fmt: skip
        """A new entity (or the same one proposed earlier) and its mention over the piece (from ``begin``)."""
        b = self.begin if begin is None else begin
        entity = add_entity(self.found, NewEntity(name, resolve_class(cls, self.classes, "Thing"), label, why,
                                                  alt=alt or [], first=b))  # fmt: skip
        self.mention(b, self.end, entity, why)
        return entity


def classify(
    text: str,
    sentence: Sentence,
    tokens: list[Token],
    piece: list[Token],
    matches: list[tuple[int, int, Known]],
    classes: frozenset[str],
    found: Found,
) -> None:
    """Propose what ``piece`` names: the first rule that answers wins."""
    c = _Piece(text, sentence, tokens, piece, matches, classes, found)
    if _named_again(c):
        return
    while len(c.piece) > 1 and c.piece[0].text.casefold() in STOP:
        c.piece = c.piece[1:]
    rules = (_as_state, _as_titled, _as_io_acronym, _as_head_word, _as_defined_acronym, _as_place, _as_person_name)
    for rule in rules:
        if rule(c):
            return


def _named_again(c: _Piece) -> bool:
    """A lone stop or title word (nothing), a surname named before, or "the Dialogue" named before."""
    if len(c.piece) != 1:
        return False
    word = c.words[0]
    if word in REGIONS:
        return False
    if word.casefold() in STOP or word.casefold() in TITLE_WORDS:
        return True
    bare = re.sub(r"[’']s$", "", word)
    earlier = [m for m in c.found.mentions if m.begin < c.begin]
    if any(m.cls == "Person" and " " in m.text and m.text.split()[-1] == bare for m in earlier):
        return True  # a surname: linked by _link_surnames
    if bare.casefold() in HEADS:
        for m in reversed(earlier):
            if m.text.split()[-1].casefold() == bare.casefold():
                c.found.mentions.append(
                    EntityMention(c.begin, c.end, word, c.sentence.index, m.cls, iri=m.iri, new=m.new,
                                  why=f"'{word}' names again {m.text!r} of sentence {m.sentence}")
                )  # fmt: skip
                return True
    return False


def _as_state(c: _Piece) -> bool:
    """A state by its name ("Iran’s" too), or a capital that stands for its state ("between Berlin and Paris")."""
    bare = re.sub(r"[’']s$", "", c.span)
    for s in state_names().values():
        if bare in s.names:
            c.propose(slug(s.label), ("State",), s.label, f"'{bare}' is the state {s.label} (ISO 3166-1 {s.alpha3})")
            return True
    capital = capital_state(bare)
    if capital is not None and metonymy(c.before_words, c.text[c.end : c.end + 3], c.span):
        known = [
            k for n in capital.names for k in (c.found.lookup(n) if c.found.lookup else []) if "State" in k.classes
        ]
        if known:  # "between Berlin and Paris": France, which the graph has
            c.found.mentions.append(EntityMention(c.begin, c.end, c.span, c.sentence.index, "State", iri=known[0].iri,
                                                  why=f"the capital stands for {known[0].label} here"))  # fmt: skip
            return True
        c.propose(slug(capital.label), ("State",), capital.label,
                  f"'{bare}', the capital, stands for the state {capital.label} here")  # fmt: skip
        return True
    return False


def _as_titled(c: _Piece) -> bool:
    """A title before a name: the person and the post; honorifics alone: the person; a post named with its state."""
    lowered = c.lowered
    k = 0
    while k < len(lowered) and lowered[k] in HONORIFICS:
        k += 1
    if 0 < k < len(lowered) and len(lowered) - k <= 4 and all(t.capital for t in c.piece[k:]):
        person = _person(c, c.piece[k:], f"a name after {' '.join(c.words[:k])!r}")  # "H.E. Mr. Yoshihiko Noda"
        if c.found.last_post and re.fullmatch(r",\s*", c.text[c.found.last_post[0] : c.begin]):
            person.holds = person.holds or c.found.last_post[1]  # "The Prime Minister of Japan, H.E. Mr. ..."
        return True
    head_at = max((k for k, w in enumerate(lowered) if w in TITLE_HEADS), default=None)
    if head_at is None:
        return False
    organisation = any(
        w in HEADS and k + 1 < len(lowered) and lowered[k + 1] in ("of", "for") for k, w in enumerate(lowered[:head_at])
    )
    if organisation and head_at == len(lowered) - 1:
        return False  # "Council of Ministers": an organisation, by its head word
    name_start = head_at + 1
    while name_start < len(c.piece):
        if lowered[name_start] == "(" and name_start + 2 < len(c.piece) and lowered[name_start + 2] == ")":
            name_start += 3  # "(USTR)" inside the title
        elif lowered[name_start] in TITLE_WORDS:
            name_start += 1
        else:
            break
    name_tokens = c.piece[name_start:]
    if name_tokens and _is_state_word(" ".join(t.text for t in name_tokens)):
        _post_alone(c)  # "Prime Minister of Japan": the state, not a name, follows the title
        return True
    if name_tokens and all(t.capital for t in name_tokens) and len(name_tokens) <= 5:
        _person_with_title(c.text, c.sentence, c.piece[:name_start], name_tokens, c.after, c.matches, c.classes,
                           c.found)  # fmt: skip
        return True
    if not name_tokens:
        _post_alone(c)
        return True
    return False


def _person(c: _Piece, name: list[Token], why: str) -> NewEntity:
    label = " ".join(t.text for t in name)
    earlier = _earlier_person(c, label)
    b, e = name[0].begin, name[-1].end
    if earlier is not None:
        c.found.mentions.append(EntityMention(b, e, c.text[b:e], c.sentence.index, "Person", iri=earlier.iri,
                                              new=earlier.new, why=f"the surname of {earlier.text!r} named earlier"))  # fmt: skip
        return c.found.entities.get(earlier.new or "", NewEntity("", "Person", label, why))
    entity = add_entity(c.found, NewEntity(slug(_without_initials(label)), resolve_class(("Person",), c.classes,
                                           "Person"), label, why, first=b))  # fmt: skip
    c.mention(b, e, entity, why)
    return entity


def _earlier_person(c: _Piece, label: str) -> EntityMention | None:
    """A person named earlier whose surname is this one-word name ("Secretary Blinken" after "Antony J. Blinken")."""
    if " " in label:
        return None
    for m in reversed([m for m in c.found.mentions if m.begin < c.begin]):
        if m.cls == "Person" and " " in m.text and m.text.split()[-1] == label:
            return m
    return None


def _post_alone(c: _Piece) -> None:
    """A title that names its state ("Prime Minister of Japan", "UK Prime Minister") is a post; a bare one is not."""
    state_iri, state_label = _state_in(c.words, _next_word(c), c.found, c.matches)
    if state_label is None:
        return
    office = [t for t in c.piece if not _is_state_word(t.text) and t.text.casefold() not in HONORIFICS]
    while office and office[-1].text.casefold() in ("of", "for", "the"):
        office = office[:-1]
    while office and office[0].text.casefold() in ("of", "for", "the"):
        office = office[1:]
    if not office:
        return
    label = f"{' '.join(t.text for t in office)} ({state_label})"
    heads = {t.text.casefold() for t in office}
    wanted = _post_classes(heads)
    entity = add_entity(c.found, NewEntity("post-" + slug(label), resolve_class(wanted, c.classes, "Post"), label,
                                           f"the title names a post of {state_label}", first=c.begin,
                                           state=state_iri or state_label))  # fmt: skip
    c.mention(c.begin, c.end, entity, entity.why)
    c.found.last_post = (c.end, entity.name)


def _next_word(c: _Piece) -> str:
    """The state after the title ("Prime Minister of Japan" where the run stops before "Japan")."""
    m = re.match(r"\s+of\s+([A-Z][\w’']+)", c.text[c.end : c.end + 40])
    return m.group(1) if m else c.after


def _post_classes(heads: set[str]) -> tuple[str, ...]:
    """Presidents and monarchs: head of state; the head of a ministry: ministerial; a head of government
    ("Prime Minister", "Chancellor") and the rest: a post."""
    if heads & HEAD_OF_STATE and "vice" not in heads:
        return ("HeadOfStatePost", "Post")
    if heads & {"prime", "premier"} or ("chancellor" in heads and "exchequer" not in heads):
        return ("Post",)
    if heads & {"minister", "secretary", "cs"} and not heads & {"principal", "permanent"}:
        return ("MinisterialPost", "Post")
    return ("Post",)


def _as_io_acronym(c: _Piece) -> bool:
    if len(c.piece) == 1 and c.words[0] in IO_ACRONYMS:
        c.propose(slug(c.words[0]), ("InternationalOrganization",), c.words[0],
                  f"'{c.words[0]}' is the acronym of an international organisation")  # fmt: skip
        return True
    return False


_MECHANISM_HEADS = frozenset({"council", "commission", "committee", "forum", "summit", "dialogue", "consultations"})
_SUMMIT_WORDS = frozenset({"annual", "bilateral", "joint", "leaders", "strategic", "inaugural"})


def _as_head_word(c: _Piece) -> bool:
    """An organisation, a document or a mechanism by its head word ("Ministry of ...", "... Action Plan")."""
    lowered = c.lowered
    for k in range(len(lowered) - 1, -1, -1):
        head = lowered[k].strip("()")
        if head not in HEADS or not (k == len(lowered) - 1 or lowered[k + 1] in ("of", "for", "on", "(")):
            continue
        if head == "house" and not any(w in ("white", "state") for w in lowered):
            return False
        if head == "summit" and not (set(lowered[:k]) & _SUMMIT_WORDS or k + 1 < len(lowered)):
            return False  # "Mau Summit" is a place name
        wanted = _head_classes(head, lowered, c.text[c.begin : c.end])
        start = 0
        while start < k and _is_demonym(c.words[start]) and head not in _MECHANISM_HEADS:
            start += 1  # "the Chinese Belt and Road Initiative": the initiative, its owner aside
        begin = c.piece[start].begin
        span = c.text[begin : c.end]
        acronym = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", span)
        c.propose(slug(re.sub(r"\s*\([^()]*\)", "", span)), wanted, span, f"head word '{c.words[k]}' -> {wanted[0]}",
                  begin=begin, alt=[acronym.group(1)] if acronym else [])  # fmt: skip
        return True
    return False


def _head_classes(head: str, lowered: list[str], span: str) -> tuple[str, ...]:
    wanted = HEADS[head]
    if head in _MECHANISM_HEADS and re.match(r"[A-Z][\w’']+\s*[-–]\s*[A-Z]", span):
        return ("BilateralMechanism",)  # "Franco-German Council of Ministers": a pair's own body
    if wanted == ("InternationalOrganization",) and any(w in DOMESTIC for w in lowered):
        return ("GovernmentBody",)
    if wanted[0] == "Framework":
        context = " ".join(lowered)
        if re.search(r"trade|investment|economic|growth|opportunity", context):
            return ("TradeFramework", "Framework")
        if re.search(r"security|governance|defen[cs]e|counter", context):
            return ("SecurityGovernanceFramework", "Framework")
    return wanted


def _as_defined_acronym(c: _Piece) -> bool:
    """An acronym: the entity that defined it ("(SGI)"), or the office of a post that did ("(USTR)")."""
    if not (len(c.piece) == 1 and c.words[0].isupper() and len(c.words[0]) > 1):
        return False
    word = c.words[0]
    for other in c.found.entities.values():
        if word in other.alt:
            c.mention(c.begin, c.end, other, f"'{word}' is the acronym of {other.label!r}")
            return True
    office = c.found.offices.get(word)
    if office:
        c.propose(slug(f"office of the {office}"), ("GovernmentBody",), f"Office of the {office}",
                  f"'{word}', defined in a title, used alone: the office")  # fmt: skip
    return True  # an undefined acronym: nothing to propose


def _as_place(c: _Piece) -> bool:
    """A capital city, a region, or a name after "in"/"at"/"to" (one word: a city)."""
    bare = re.sub(r"[’']s$", "", c.span)
    if capital_state(bare) is not None:
        c.propose(slug(bare), ("City",), bare, f"'{bare}' is a capital city")
        return True
    if bare in REGIONS:
        c.propose(slug(bare), ("Place",), bare, f"'{bare}' is a region")
        return True
    if c.before in PLACE_PREPOSITIONS and len(c.piece) <= 3 and c.at > 0:
        if any(w in STOP for w in c.lowered) or any(w in TITLE_HEADS for w in c.lowered):
            return False
        city = len(c.piece) == 1
        c.propose(slug(bare), ("City",) if city else ("Place",), bare,
                  f"a name after '{c.before}'" + (" (one word: a city)" if city else ""))  # fmt: skip
        return True
    return False


def _as_person_name(c: _Piece) -> bool:
    """Two to five name words: with an initial, before a reporting verb, after a role noun or a post."""
    words = c.words
    if not (
        2 <= len(words) <= 5 and all(re.fullmatch(r"[A-Z][a-z’'-]+|[A-Z]\.|d[aeo]s?|v[oa]n|bin", w) for w in words)
    ):
        return False
    if any(w.casefold() in TITLE_WORDS for w in words):
        return False
    nxt = c.text[c.end : c.end + 12].casefold()
    between = c.text[c.found.last_post[0] : c.begin] if c.found.last_post else ""
    apposition = bool(re.fullmatch(r",\s*(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?", between))
    plain = not any(w.casefold() in STOP for w in words)
    cue = (
        any(re.fullmatch(r"[A-Z]\.", w) for w in words)
        or re.match(r",?\s*(said|says|told|added|stated|noted)\b", nxt)
        or (c.before in ("by", "with", "and") and c.at > 0)
        or (c.before in ROLE_NOUNS and c.at > 0)
        or (c.before in HONORIFICS and c.at > 0)
    )
    if apposition:
        person = _person(c, c.piece, "a name after the post it holds")
        person.holds = person.holds or c.found.last_post[1]  # type: ignore[index]
        return True
    if cue and plain:
        _person(c, c.piece, "a personal name")
        return True
    if plain:
        c.found.pending.append((c.sentence.index, c.piece))
    return False


def _person_with_title(
    text: str,
    sentence: Sentence,
    title: list[Token],
    name: list[Token],
    after: str,
    matches: list[tuple[int, int, Known]],
    classes: frozenset[str],
    found: Found,
) -> None:
    """The person named after a title, and the post the title names (with its state, where it gives one)."""
    title_words = [t.text for t in title]
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
    _define_office(text, title, found)
    c = _Piece(text, sentence, [*title, *name], name, matches, classes, found)
    person = _person(c, name, f"a name after the title {' '.join(title_words)!r}")
    if not office or " ".join(t.text for t in office).casefold() in HONORIFICS:
        return  # "Dr. Juma": a courtesy title, not a post
    office_label = " ".join(t.text for t in office)
    post_label = f"{office_label} ({state_label})" if state_label else office_label
    wanted = _post_classes({t.text.casefold() for t in office})
    post = add_entity(
        found,
        NewEntity("post-" + slug(post_label), resolve_class(wanted, classes, "Post"), post_label,
                  f"the title {office_label!r} names a post"
                  + (f" of {state_label}" if state_label else ""), first=office[0].begin, state=state_iri or state_label),
    )  # fmt: skip
    if person.name:
        person.holds = person.holds or post.name
    found.mentions.append(
        EntityMention(office[0].begin, office[-1].end, text[office[0].begin : office[-1].end], sentence.index,
                      post.cls, new=post.name, why=post.why)
    )  # fmt: skip


def _define_office(text: str, title: list[Token], found: Found) -> None:
    """ "Assistant United States Trade Representative (USTR) ...": USTR, used alone later, is that office."""
    for k, tok in enumerate(title):
        if tok.text == "(" and k + 2 < len(title) and title[k + 2].text == ")":
            letters = [ch for ch in title[k + 1].text if ch.isupper()]
            words = [t.text for t in title[:k] if t.text[:1].isupper()]
            if len(words) >= len(letters) and [w[0] for w in words[-len(letters) :]] == letters:
                found.offices[title[k + 1].text] = " ".join(words[-len(letters) :])


@functools.cache
def _is_demonym(word: str) -> bool:
    """ "Chinese", "Kenyan": a state's adjective (a state's name, "Kenya Police", stays in the name)."""
    return any(word in s.adjectives and word not in s.names for s in state_names().values())


@functools.cache
def _is_state_word(word: str) -> bool:
    bare = re.sub(r"[’']s$", "", word)
    return any(bare in s.names or bare in s.adjectives for s in state_names().values())


def _without_initials(label: str) -> str:
    words = label.split()
    if len(words) > 2:
        words = [words[0], *[w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.", w)], words[-1]]
    return " ".join(words)


def lower_head(
    text: str, sentence: Sentence, run: list[Token], head: Token, classes: frozenset[str], found: Found
) -> None:
    """A name closed by a lower-case head word: "Biden administration", "U.S. delegation", "Defence headquarters"."""
    bare = re.sub(r"[’']s$", "", head.text)
    cls = LOWER_HEADS[bare]
    begin, end = run[0].begin, head.begin + len(bare)
    span = text[begin:end]
    label = span
    owner = re.sub(r"[’']s$", "", text[run[0].begin : run[-1].end])
    state = next((s for s in state_names().values() if owner in s.names or owner in s.adjectives), None)
    if state is not None and bare == "government":
        label = f"Government of {state.label}"
    if cls == "Delegation" and state is None:
        return  # a delegation must say which state it represents: the text does not
    entity = add_entity(found, NewEntity(slug(label), resolve_class((cls,), classes, "Thing"), label,
                                         f"a name closed by the word '{bare}' -> {cls}", first=begin,
                                         state=state.label if state and cls == "Delegation" else None))  # fmt: skip
    found.mentions.append(EntityMention(begin, end, span, sentence.index, entity.cls, new=entity.name, why=entity.why))
