"""``relgraph draft``: a real article's text in, a fact sheet of proposals to review out.

``propose(dataset, text, date=...)`` reads the text and returns a ``Proposal``:
sentences (``relgraph.ingest.sentences``), entity mentions linked to the graph or proposed
new with a class (``mentions`` finds and links the names, ``classify`` says what a new
one is, ``names`` holds their vocabulary and types, ``conventions`` the news-text
conventions both use), dates normalised to ISO (``dates``), events and commitments with
their CAMEO type, status, parties, place and date (``events``), and the attribution of
each (``attribution``). ``draft_article(...)`` writes it as
``NAME.facts.yaml`` (``sheet``) with the text copied beside it; every proposed entity
and fact has ``review: proposed`` and a ``why:``.

Everything is rules and dictionaries over the graph's own labels and the ontology's own
codes: no model, nothing fetched. The graph is asked three small questions (the labels
of the names in the text, in one query; the ontology's event types; the states of the
people and bodies found), so the time does not grow with the graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from relgraph.drafting.attribution import Attribution, Speakers, attribute
from relgraph.drafting.dates import DateMention, find_dates
from relgraph.drafting.events import EventProposal, find_events
from relgraph.drafting.gazetteer import capital_cities, state_names
from relgraph.drafting.lexicon import EventTypes, LabelIndex, ontology_classes
from relgraph.drafting.mentions import EntityMention, NewEntity, candidate_names, find_mentions, slug
from relgraph.drafting.proposal import Proposal
from relgraph.errors import ProjectError, ValidationError
from relgraph.ingest.sentences import segment_text, split_sentences
from relgraph.store import Dataset, commit_files

__all__ = ["DraftOutcome", "Proposal", "draft_article", "propose"]

ARTICLE_KINDS = ("NewsArticle", "OfficialRelease")


@dataclass(frozen=True)
class DraftOutcome:
    """The files ``draft_article`` wrote and what they propose."""

    sheet: Path
    text: Path
    proposal: Proposal


def propose(dataset: Dataset, text: str, *, date: dt.date) -> Proposal:
    """Read ``text`` against the graph of ``dataset``; nothing is written."""
    segments = segment_text(text)
    sentences = split_sentences(text)
    datelines = [seg for seg in segments if seg.kind == "dateline"]
    index = LabelIndex.for_names(dataset, candidate_names(text, sentences, datelines))
    classes = ontology_classes(dataset)
    types = EventTypes.from_dataset(dataset)
    mentions, entities = find_mentions(text, sentences, index, classes, datelines)
    state_of = _states(dataset, index, mentions, entities)
    counts = Counter(m.ref for m in mentions if m.cls == "State")
    for m in mentions:  # "U.S. Secretary of State", "Kenyan President": the states of people and posts count too
        state = state_of.get(m.iri or "") or state_of.get(m.new or "") if m.cls != "State" else None
        if state:
            counts[state.rsplit("/", 1)[-1]] += 1
    main_states = [ref for ref, _ in counts.most_common(2)]
    capitals = {city: slug(state_names()[code].label) for city, code in capital_cities().items()}
    speakers = Speakers(main_states=tuple(main_states))
    dates: list[DateMention] = []
    for seg in segments:  # "WASHINGTON, April 29 (Reuters) -": the dateline's own date
        if seg.kind == "dateline" and not seg.text.startswith("date "):
            dates += find_dates(text, seg.begin, seg.end, date)
    attributions = {s.index: attribute(text, s, mentions, speakers) for s in sentences}
    _carry_quotations(sentences, attributions)
    events: list[EventProposal] = []
    for sentence in sentences:
        here_dates = find_dates(text, sentence.begin, sentence.end, date)
        dates += here_dates
        events += find_events(
            text, sentence, mentions, here_dates, attributions[sentence.index], types,
            state_of=state_of, main_states=main_states, capitals=capitals,
        )  # fmt: skip
    _reconcile_events(text, events)
    labels = {iri: known.label for iri, known in index.by_iri.items()}
    return Proposal(text, date, segments, sentences, mentions, entities, dates, events, attributions,
                    speakers.documents, labels, main_states)  # fmt: skip


def _states(
    dataset: Dataset, index: LabelIndex, mentions: list[EntityMention], entities: dict[str, NewEntity]
) -> dict[str, str]:
    """The state (local name) of each person, body and place found, from the graph or the title."""
    known = sorted({m.iri for m in mentions if m.iri})
    found = {iri: state.rsplit("/", 1)[-1] for iri, state in index.state_of(dataset, known).items()}
    for entity in entities.values():
        if entity.holds and entity.holds in entities and entities[entity.holds].state:
            state = entities[entity.holds].state or ""
            found[entity.name] = state.rsplit("/", 1)[-1] if "/" in state else slug(state)
    return found


def _carry_quotations(sentences: list, attributions: dict[int, Attribution]) -> None:
    """A quotation opened in one sentence and closed, with its speaker, in a later one: the speaker's throughout."""
    for k, sentence in enumerate(sentences):
        if sentence.text.count("“") <= sentence.text.count("”") and sentence.text.count('"') % 2 == 0:
            continue
        for later in sentences[k + 1 : k + 6]:
            if "”" in later.text or '"' in later.text:
                closing = attributions[later.index]
                if closing.speakers and attributions[sentence.index].mode == "AuthorNarration":
                    attributions[sentence.index] = Attribution(
                        "DirectQuote", closing.speakers, closing.quoted_from,
                        f"a quotation closed in sentence {later.index}: {closing.why}",
                    )  # fmt: skip
                break


_CONSULT = ("Meeting", "DialogueSession")


def _reconcile_events(text: str, events: list[EventProposal]) -> None:
    """One name per event.

    Two proposals of one class on the same date are the same event; a meeting or talks
    named again with "the" and no date of their own ("the two days of talks", "at the end
    of the meeting"), or what the sides "discussed" or "reviewed", are the meeting, session
    or talks named last (which takes their dates if it had none).
    """
    seen: dict[tuple[str, str], str] = {}
    latest: EventProposal | None = None  # the last meeting or session named
    for event in events:
        if event.cls == "Commitment":
            continue
        before = text[max(0, event.trigger_begin - 30) : event.trigger_begin].casefold()
        definite = re.search(r"\bthe\s+(?:\w+\s+){0,3}$", before) is not None
        definite = definite or event.trigger.casefold() in ("discussed", "reviewed")  # at the meeting told before
        undated = latest is not None and (latest.date is None or "week" in latest.date.rule)
        if event.cls in _CONSULT and definite and latest is not None and (event.date is None or undated):
            if event.date is not None:  # "The meeting set to be held between May 7 and 8": its dates
                latest.date = event.date
            event.name, event.cls, event.code, event.event_type = (
                latest.name,
                latest.cls,
                latest.code,
                latest.event_type,
            )
            continue
        if event.cls in _CONSULT:
            latest = event
        if event.date is None:
            continue
        key = (event.cls, event.date.value)
        if key in seen:
            event.name = seen[key]
        else:
            seen[key] = event.name


# ----- writing the draft -------------------------------------------------------------------------------------


def article_id_for(date: dt.date, title: str) -> str:
    return f"article-{date.isoformat()}-{slug(title, 48)}"


def draft_article(
    dataset: Dataset,
    text_path: Path,
    *,
    date: dt.date,
    source: str,
    title: str | None = None,
    kind: str = "NewsArticle",
    publisher: str | None = None,
    article_id: str | None = None,
    output: Path | None = None,
    overwrite: bool = False,
) -> DraftOutcome:
    """Draft a fact sheet for the article in ``text_path``: ``NAME.facts.yaml`` and ``NAME.txt`` in ``output``."""
    from relgraph.drafting.sheet import render_sheet
    from relgraph.ingest.skeleton import read_text

    if kind not in ARTICLE_KINDS:
        raise ValidationError(f"--kind {kind!r} is not one of {', '.join(ARTICLE_KINDS)}.")
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", source):
        raise ValidationError(f"--source {source!r} is not an http(s) URL without spaces.")
    data, text = read_text(text_path)
    if not text.strip():
        raise ValidationError(f"{text_path} is empty: there is nothing to draft.")
    proposal = propose(dataset, text, date=date)
    if title is None or not title.strip():
        title = proposal.sentences[0].text[:120] if proposal.sentences else text_path.stem
    title = " ".join(title.split())
    article_id = article_id or article_id_for(date, title)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", article_id):
        raise ValidationError(f"The article id {article_id!r} must be letters, digits, '.', '_' and '-'.")
    folder = output if output is not None else dataset.project.drafts_dir
    sheet_path, copy = folder / f"{article_id}.facts.yaml", folder / f"{article_id}.txt"
    if not overwrite:
        for path in (sheet_path, copy):
            if path.exists() and not (path == copy and path.read_bytes() == data):
                raise ProjectError(f"{path} exists already; give another --id, or --force to overwrite the draft.")
    body = render_sheet(
        proposal, article_id=article_id, title=title, date=date, url=source, kind=kind, publisher=publisher,
        text_name=copy.name, text_sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip
    commit_files({copy: data, sheet_path: body.encode("utf-8")})
    return DraftOutcome(sheet_path, copy, proposal)
