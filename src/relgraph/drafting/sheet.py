"""Writing a ``Proposal`` as a fact sheet (format ``relgraph-facts/1``) to review.

The sheet is YAML written line by line (so it can carry comments for the reviewer):
the article block, a comment listing every name linked to an entity of the graph
(with the reason), the new entities and the facts. Every proposed entity and fact has
``review: proposed`` and ``why:``; the person accepts one by deleting its ``review:``
line (or writing ``review: accepted``), corrects or deletes it, and adds what the
draft missed. Quotes are verbatim words of one sentence; a quote that occurs more than
once has ``occurrence``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable

from relgraph.drafting.events import EventProposal
from relgraph.drafting.mentions import EntityMention, NewEntity, slug
from relgraph.drafting.proposal import Proposal

__all__ = ["render_sheet"]

GENERATOR = "relgraph draft"
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def _scalar(value: str) -> str:
    """A YAML scalar: plain when it is a safe word (a name, a date), else double-quoted."""
    if _PLAIN.fullmatch(value) and value.casefold() not in (
        "yes",
        "no",
        "true",
        "false",
        "null",
        "on",
        "off",
        "y",
        "n",
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _list(values: Iterable[str]) -> str:
    items = list(dict.fromkeys(values))
    return (
        items[0] if len(items) == 1 and _PLAIN.fullmatch(items[0]) else "[" + ", ".join(_scalar(v) for v in items) + "]"
    )


def _quote(text: str, sentence_begin: int, sentence_end: int, begin: int, end: int) -> tuple[str, int | None]:
    """Verbatim words of one sentence around ``begin:end`` (about 12 words), and its occurrence if repeated."""
    left = max(sentence_begin, begin - 70)
    while sentence_begin < left < begin and not text[left - 1].isspace():
        left += 1  # start at a word
    right = min(sentence_end, end + 70)
    while end < right < sentence_end and not text[right].isspace():
        right -= 1  # end at a word
    quote = text[left:right].strip().rstrip(",;")
    start = text.find(quote, left)
    count = text.count(quote)
    if count <= 1:
        return quote, None
    occurrence, at = 0, -1
    while True:
        at = text.find(quote, at + 1)
        occurrence += 1
        if at == start or at < 0:
            break
    return quote, occurrence


def render_sheet(
    proposal: Proposal,
    *,
    article_id: str,
    title: str,
    date: dt.date,
    url: str,
    kind: str,
    publisher: str | None,
    text_name: str,
    text_sha256: str,
) -> str:
    """The fact sheet's text."""
    out: list[str] = []
    w = out.append
    w(f"# relgraph fact sheet (format 1), drafted by '{GENERATOR}' from {text_name} (sha256 {text_sha256[:16]}...).")
    w("# Every entity and fact marked 'review: proposed' is a PROPOSAL, with the rule that made it in 'why'.")
    w("# Review each one: accept it (delete its 'review:' line, or write 'review: accepted'), correct it,")
    w("# or delete it; add what the draft missed. Then: relgraph validate THIS-FILE, and relgraph add THIS-FILE.")
    w("format: relgraph-facts/1")
    w("article:")
    w(f"  id: {_scalar(article_id)}")
    w(f"  kind: {kind}")
    w(f"  title: {_scalar(title)}")
    w(f"  published: {date.isoformat()}")
    w(f"  url: {_scalar(url)}")
    if publisher:
        w(f"  publisher: {_scalar(publisher)}")
    w(f"  text: {_scalar(text_name)}")
    w("")
    _linked_comment(proposal, w)
    entities = dict(proposal.entities)
    extra_states = _states_needed(proposal, entities)
    events = _unique_events(proposal.events)
    w("entities:")
    if not entities and not events and not proposal.documents:
        w("  {}")
    for entity in sorted(entities.values(), key=lambda e: e.first):
        _entity(w, entity.name, entity.cls, entity.label, entity.alt, entity.why)
    names = _names(proposal)
    for key, (cls, label, by) in proposal.documents.items():
        for ref in by:
            label = label.replace(f" of {ref}", f" of {names.get(ref, ref)}")
        _entity(w, slug(key), cls, label, [], "a document the text quotes (see the attribution of the facts)")
    for event in events:
        _entity(w, event.name, event.cls, event.label, [], event.why)
    w("")
    w("facts:")
    n = len(out)
    _person_facts(proposal, entities, extra_states, w)
    _document_facts(proposal, w)
    stated: set[str] = set()
    for event in proposal.events:
        _event_fact(proposal, event, w, again=event.name in stated)
        stated.add(event.name)
    if len(out) == n:
        w("  []")
    return "\n".join(out) + "\n"


def _names(proposal: Proposal) -> dict[str, str]:
    """The label of every name the facts use (a known entity's label, a new entity's label)."""
    names = {m.ref: proposal.labels.get(m.iri, m.text) for m in proposal.mentions if m.iri}
    names.update({name: e.label for name, e in proposal.entities.items()})
    return names


def _entity(w, name: str, cls: str, label: str, alt: list[str], why: str) -> None:
    w(f"  {name}:")
    w(f"    class: {cls}")
    w(f"    label: {_scalar(label)}")
    if alt:
        w(f"    alt: {_list(alt)}")
    w("    review: proposed")
    w(f"    why: {_scalar(why)}")


def _linked_comment(proposal: Proposal, w) -> None:
    linked: dict[str, list[EntityMention]] = {}
    for m in proposal.mentions:
        if m.iri:
            linked.setdefault(m.iri, []).append(m)
    if not linked:
        return
    w("# Names linked to entities already in the graph (the facts below use these names; check them there):")
    for iri, ms in sorted(linked.items(), key=lambda kv: kv[1][0].begin):
        texts = ", ".join(dict.fromkeys(repr(m.text) for m in ms))
        sentences = ", ".join(str(s) for s in dict.fromkeys(m.sentence for m in ms))
        w(f"#   {iri.rsplit('/', 1)[-1]} <- {texts} (sentence {sentences}): {ms[0].why}")
    w("")


def _states_needed(proposal: Proposal, entities: dict[str, NewEntity]) -> dict[str, str]:
    """Post states named by a label: their fact-sheet name (a new State entity where the graph has none)."""
    refs: dict[str, str] = {}
    known_states = {m.text: m.ref for m in proposal.mentions if m.cls == "State" and m.iri}
    known_states.update(
        {proposal.labels.get(m.iri or "", ""): m.ref for m in proposal.mentions if m.iri and m.cls == "State"}
    )
    for entity in list(entities.values()):
        state = entity.state
        if not state:
            continue
        if "/" in state:
            refs[state] = state.rsplit("/", 1)[-1]
        elif state in known_states:
            refs[state] = known_states[state]
        else:
            name = slug(state)
            if name not in entities:
                entities[name] = NewEntity(name, "State", state, f"the state of the post {entity.label!r}",
                                           first=entity.first)  # fmt: skip
            refs[state] = name
    return refs


def _unique_events(events: list[EventProposal]) -> list[EventProposal]:
    seen: dict[str, EventProposal] = {}
    for event in events:
        seen.setdefault(event.name, event)
    return list(seen.values())


def _sentence_bounds(proposal: Proposal, index: int) -> tuple[int, int]:
    s = proposal.sentences[index - 1]
    return s.begin, s.end


def _fact(w, *, quote: tuple[str, int | None], subject: str, says: dict[str, str], why: str,
          status: str | None = None, attribution=None, documents=None) -> None:  # fmt: skip
    text, occurrence = quote
    w(f"  - quote: {_scalar(text)}")
    if occurrence:
        w(f"    occurrence: {occurrence}")
    if attribution is not None:
        if attribution.speakers:
            w(f"    said_by: {_list(attribution.speakers)}")
        w(f"    mode: {attribution.mode}")
        if attribution.quoted_from:
            w(f"    quoted_from: {slug(attribution.quoted_from)}")
    if status:
        w(f"    status: {status}")
    w(f"    subject: {_scalar(subject)}")
    w("    says:")
    for prop, value in says.items():
        w(f"      {prop}: {value}")
    w("    review: proposed")
    reason = why if attribution is None else f"{why}; attribution: {attribution.why}"
    w(f"    why: {_scalar(reason)}")


def _person_facts(proposal: Proposal, entities: dict[str, NewEntity], states: dict[str, str], w) -> None:
    first_mention: dict[str, EntityMention] = {}
    for m in proposal.mentions:
        if m.new:
            first_mention.setdefault(m.new, m)
    for entity in sorted(entities.values(), key=lambda e: e.first):
        post = entities.get(entity.holds or "")
        if post is not None and entity.name in first_mention:
            person, office = first_mention[entity.name], first_mention.get(post.name)
            begin = min(person.begin, office.begin if office else person.begin)
            sb, se = _sentence_bounds(proposal, person.sentence)
            quote: tuple[str, int | None] = (proposal.text[begin : person.end], None)
            if proposal.text.count(quote[0]) > 1:
                quote = _quote(proposal.text, sb, se, begin, person.end)
            _fact(w, quote=quote, subject=entity.name, says={"org:holds": post.name},
                  why=f"the title {post.label!r} before the name {entity.label!r}")  # fmt: skip
        if entity.state and entity.name in first_mention:
            m = first_mention[entity.name]
            sb, se = _sentence_bounds(proposal, m.sentence)
            link = "represents" if entity.cls == "Delegation" else "postOfState"
            _fact(w, quote=_quote(proposal.text, sb, se, m.begin, m.end), subject=entity.name,
                  says={link: states.get(entity.state, slug(entity.state))},
                  why=f"the title names the state {entity.state.rsplit('/', 1)[-1]!r}")  # fmt: skip


def _document_facts(proposal: Proposal, w) -> None:
    for entity in proposal.entities.values():  # a communique or statement named, with no issuer given
        if entity.cls in ("JointCommunique", "Statement") and proposal.main_states:
            m = next(m for m in proposal.mentions if m.new == entity.name)
            sb, se = _sentence_bounds(proposal, m.sentence)
            _fact(w, quote=_quote(proposal.text, sb, se, m.begin, m.end), subject=entity.name,
                  says={"issuedBy": _list(proposal.main_states)},
                  why="no issuer is named: the states the article is about (check it)")  # fmt: skip
    for key, (_cls, label, by) in proposal.documents.items():
        by = by or tuple(proposal.main_states)
        if not by:
            continue
        sentence = next(
            (s for s in proposal.sentences if proposal.attributions[s.index].quoted_from == key), proposal.sentences[0]
        )
        words = re.search(
            r"(?:joint )?(?:statement|communiqu[eé]|readout|press release|declaration)", sentence.text, re.I
        )
        begin = sentence.begin + (words.start() if words else 0)
        end = sentence.begin + (words.end() if words else len(sentence.text))
        _fact(w, quote=_quote(proposal.text, sentence.begin, sentence.end, begin, end), subject=slug(key),
              says={"issuedBy": _list(by)}, why=f"{label!r}: the body the text names as its author")  # fmt: skip


def _event_fact(proposal: Proposal, event: EventProposal, w, *, again: bool = False) -> None:
    """The fact of an event; ``again`` for a later sentence naming the same event (no second type or status)."""
    sb, se = _sentence_bounds(proposal, event.sentence)
    quote = _quote(proposal.text, sb, se, event.trigger_begin, event.trigger_end)
    says: dict[str, str] = {}
    if event.event_type is not None and not again:
        says["eventType"] = event.event_type.local
    if event.cls == "Commitment":
        if event.parties:
            says["committedBy"] = _list(event.parties)
        if event.content:
            says["content"] = _scalar(event.content)
    else:
        if event.parties:
            says["hasParty"] = _list(event.parties)
        if event.participants:
            says["hasParticipant"] = _list(event.participants)
        if event.place:
            says["place"] = event.place
        if (
            event.date is not None
            and "week" not in event.date.rule
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:/\d{4}-\d{2}-\d{2})?", event.date.value)
        ):
            if event.date.finish:
                says["startDate"] = event.date.start
                says["endDate"] = event.date.finish
            else:  # a one-day event: rel:date with the same start and end (the per-article date check)
                says["date"] = event.date.value
                says["startDate"] = event.date.value
                says["endDate"] = event.date.value
        if event.cls in ("StatementIssuance", "CommuniqueIssuance") and event.signs:
            says["issues"] = _list(event.signs)
        if event.cls == "DialogueSession" and event.signs:
            says["sessionOf"] = event.signs[0]
        if event.cls == "Signing":
            if event.signs:
                says["signs"] = _list(event.signs)
            signers = [p for p in event.participants]
            if signers:
                says["signatory"] = _list(signers)
    coded = ""
    if event.event_type is not None:
        score = f", Goldstein {event.event_type.goldstein:+.1f}" if event.event_type.goldstein is not None else ""
        plover = f", PLOVER {event.event_type.plover}" if event.event_type.plover else ""
        coded = f" ({event.event_type.code} {event.event_type.label}{score}{plover})"
    date_why = f"; date {event.date.text!r} -> {event.date.value} ({event.date.rule})" if event.date else ""
    if not says:
        return
    why = event.why + coded + date_why
    if again:
        why = f"names again the event {event.name} of an earlier sentence; " + why
    _fact(w, quote=quote, subject=event.name, says=says, status=None if again else event.status,
          attribution=event.attribution, why=why)  # fmt: skip
