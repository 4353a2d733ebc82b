"""Who the text says said a sentence, and how: reporting verbs and frames.

``attribute(sentence, mentions, history)`` returns an ``Attribution``:

* ``DirectQuote`` when the words are inside quotation marks, with the speaker of the
  reporting clause (“...,” she said; “...,” a statement from the Ministry read; It said,
  “...”; read part of the statement);
* ``ReportedSpeech`` for "X said (that) ...", "..., X said", "according to X";
* ``HedgedReport`` for "is said to be", "reportedly", "is expected to", "is believed to";
* ``UnattributedReport`` for unnamed sources ("officials said", "sources say");
* ``AuthorNarration`` otherwise (the article's own voice).

A pronoun speaker ("She said") is the last person named before; "It said" the last
organisation or document that spoke. "in a statement", "a statement from X", "the joint
statement reads" name the document quoted (a new ``Statement`` or ``JointCommunique``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relgraph.drafting.mentions import EntityMention
from relgraph.ingest.sentences import Sentence

__all__ = ["Attribution", "Speakers", "at_trigger", "attribute"]

_VERBS = r"(?:said|says|say|told|tells|added|adds|stated|states|noted|notes|explained|announced(?=\s+that)|declared|insisted|stressed|emphasi[sz]ed|warned|confirmed|wrote|remarked|indicated)"
_HEDGES = re.compile(
    r"\b(?:is|are|was|were)\s+(?:said|expected|believed|understood|reported|thought|likely|set)\s+to\b|\breportedly\b|"
    r"\ballegedly\b|\breports?\s+(?:say|said|suggest)|\bis\s+understood\b",
    re.I,
)
_UNNAMED = re.compile(
    rf"\b(?:officials?|sources?|diplomats?|analysts?|observers?|insiders?|people familiar[\w ]*)\s+{_VERBS}\b", re.I
)
_DOCUMENT = re.compile(
    r"\b(?:(?P<joint>joint)\s+)?(?P<kind>statement|communiqu[eé]|readout|press release|declaration)\b", re.I
)


@dataclass(frozen=True)
class Attribution:
    """How a sentence is attributed: mode, speakers (fact-sheet names), the document it quotes."""

    mode: str
    speakers: tuple[str, ...] = ()
    quoted_from: str | None = None  # the key of a document in Speakers.documents
    why: str = "no reporting verb: the article's own voice"
    document: str | None = None  # a document the sentence names (quoted or not)
    scope_begin: int | None = None  # "X says P": the attribution covers only the words from here


@dataclass
class Speakers:
    """What the attribution of earlier sentences established: the last person, body and document."""

    last_person: str | None = None
    last_body: str | None = None
    last_document: str | None = None
    last_speaker: str | None = None  # the last person quoted or reported
    voice: str | None = None  # "The following is attributable to Spokesperson Ned Price:": the release's speaker
    main_states: tuple[str, ...] = ()  # the states the article is about: the authors of a joint statement
    documents: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)  # key -> (class, label, by)


def _quote_spans(body: str) -> list[tuple[int, int]]:
    """Quotations of a sentence, with one closed here but opened in an earlier sentence ("... Ruto,” he said.")."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”?|\"[^\"]*\"", body)]
    close = body.find("”")
    if close >= 0 and "“" not in body[:close]:
        spans.append((0, close + 1))
    return spans


def _inside_quotes(text: str, begin: int, end: int, at: int) -> bool:
    return any(begin + b <= at < begin + e for b, e in _quote_spans(text[begin:end]))


def _mention_near(mentions: list[EntityMention], begin: int, end: int, classes: set[str] | None = None):
    inside = [m for m in mentions if begin <= m.begin and m.end <= end and (classes is None or m.cls in classes)]
    return inside


_SPEAKER_CLASSES = {
    "Person", "State", "Ministry", "GovernmentBody", "InternationalOrganization", "Delegation", "Statement",
    "JointCommunique",
}  # fmt: skip


def attribute(
    text: str, sentence: Sentence, mentions: list[EntityMention], speakers: Speakers, *, at: int | None = None
) -> Attribution:
    """The attribution of the words at offset ``at`` (default: the whole sentence) of ``sentence``."""
    body = sentence.text
    begin = sentence.begin
    at = begin if at is None else at
    here = [m for m in mentions if sentence.begin <= m.begin < sentence.end]
    quoted = _inside_quotes(text, sentence.begin, sentence.end, at) or (at == begin and bool(re.search(r"[“\"]", body)))
    who, why, document = _document_speakers(body, begin, here, speakers)
    according = re.search(r"\baccording to\b", body, re.I)
    if according:
        after = [m for m in here if m.begin >= begin + according.end() and m.cls in _SPEAKER_CLASSES]
        if after:
            who = [after[0].ref]
            why = f"'according to {after[0].text}'"
    verb = re.search(rf"\b{_VERBS}\b|\bread(?:s)?\b(?=[\s.,]|$)", body)
    if not who and verb:
        who, why = _verb_speakers(text, body, begin, verb, here, speakers)
    if not who and quoted and speakers.last_speaker and re.match(r"[“\"]", body):
        who, why = [speakers.last_speaker], "a quotation with no reporting clause: the speaker the story quoted last"
    if not who and speakers.voice:
        who, why = [speakers.voice], "the release's lead says whose words these are"
        quoted = True
    _remember(who, here, mentions, speakers)
    _release_voice(body, here, speakers)
    named = document
    if not who:  # a document nobody is named as issuing: the article's own words about it
        document = None
    mode = "AuthorNarration"
    if who:
        mode = "DirectQuote" if quoted else "ReportedSpeech"
    elif _UNNAMED.search(body):
        mode, why = "UnattributedReport", f"unnamed sources: '{_UNNAMED.search(body).group(0)}'"  # type: ignore[union-attr]
    elif _HEDGES.search(body):
        mode, why = "HedgedReport", f"a hedge: '{_HEDGES.search(body).group(0)}'"  # type: ignore[union-attr]
    if mode in ("DirectQuote", "ReportedSpeech") and not why:
        why = "a reporting verb"
    scope = _scope(body, begin, verb) if who and verb and not quoted and not named else None
    return Attribution(mode, tuple(dict.fromkeys(w for w in who if w)), document, why or Attribution.why, named, scope)


def _document_speakers(
    body: str, begin: int, here: list[EntityMention], speakers: Speakers
) -> tuple[list[str], str, str | None]:
    """A statement, communiqué or declaration the sentence quotes: (its issuers, why, its key)."""
    doc = _DOCUMENT.search(body)
    if not doc or not re.search(
        r"\b(?:read|reads|said|says|states|stated|in a|in the|from|released|issued|indicated)\b", body, re.I
    ):
        return [], "", None
    by = [m.ref for m in here if m.cls in _SPEAKER_CLASSES - {"Statement", "JointCommunique"}
          and m.begin > begin + doc.start() and m.begin - (begin + doc.end()) < 12]  # fmt: skip
    by = by or [m.ref for m in here if m.cls in ("Ministry", "GovernmentBody") and m.begin < begin + doc.start()]
    kind = "JointCommunique" if doc.group("kind").casefold().startswith("communiqu") else "Statement"
    joint = kind == "JointCommunique" or bool(doc.group("joint"))
    if joint and speakers.main_states:
        by = list(speakers.main_states[:2])  # a joint statement or communiqué speaks for both states
    if re.search(r"\bthe\s+(?:joint\s+)?" + re.escape(doc.group("kind")), body, re.I) and speakers.last_document:
        document = speakers.last_document
    else:
        issuer = by[0] if by else (speakers.last_body if re.search(r"\bIt\b", body) else None)
        label = f"{'Joint statement' if doc.group('joint') else doc.group('kind').capitalize()}" + (
            f" of {issuer}" if issuer else ""
        )
        document = f"{kind.lower()}-{issuer or 'unnamed'}"
        issuers = tuple(by) if joint and by else (issuer,) if issuer else ()
        speakers.documents.setdefault(document, (kind, label, issuers))
    speakers.last_document = document
    return list(speakers.documents[document][2]), f"'{doc.group(0)}' names the document quoted", document


def _verb_speakers(
    text: str, body: str, begin: int, verb: re.Match[str], here: list[EntityMention], speakers: Speakers
) -> tuple[list[str], str]:
    """The speaker of a reporting verb: a pronoun's person or body, the subject before it, the name after it."""
    before = [m for m in here if m.end <= begin + verb.start() and m.cls in _SPEAKER_CLASSES]
    after = [m for m in here if m.begin >= begin + verb.end() and m.cls in _SPEAKER_CLASSES]
    pronoun = re.search(r"\b(She|He|It|They)\s+" + verb.group(0) + r"\b", body, re.I)
    subject = pronoun.group(1).capitalize() if pronoun else ""
    if pronoun and subject in ("She", "He") and speakers.last_person:
        return [speakers.last_person], f"'{pronoun.group(0)}': the person named before"
    if pronoun and subject == "It" and (speakers.last_body or speakers.last_document):
        if speakers.last_body:
            return [speakers.last_body], f"'{pronoun.group(0)}': the body that spoke before"
        issuers = speakers.documents.get(speakers.last_document or "", ("", "", ()))[2]
        return list(issuers), f"'{pronoun.group(0)}': the body that spoke before"
    if before and (begin + verb.start()) - before[-1].end < 40:
        return _subjects(text, before), f"'{before[-1].text} ... {verb.group(0)}'"
    if after and after[0].begin - (begin + verb.end()) < 4:
        return [after[0].ref], f"'{verb.group(0)} {after[0].text}'"
    return [], ""


def _remember(who: list[str], here: list[EntityMention], mentions: list[EntityMention], speakers: Speakers) -> None:
    """The last person named, body that spoke and person quoted, for the pronouns of later sentences."""
    for m in here:
        if m.cls == "Person":
            speakers.last_person = m.ref
    for ref in who:
        if any(m.ref == ref and m.cls not in ("Person", "State") for m in here) or ref == speakers.last_body:
            speakers.last_body = ref
        if any(m.ref == ref and m.cls == "Person" for m in mentions):
            speakers.last_speaker = ref


def _subjects(text: str, before: list[EntityMention]) -> list[str]:
    """The speakers of a coordinated subject ("Secretary Blinken and Foreign Secretary Truss emphasized"): all of them."""
    who = [before[-1]]
    for m in reversed(before[:-1]):
        gap = text[m.end : who[0].begin]
        if m.cls == who[0].cls and re.fullmatch(r"\s+and\s+(?:[A-Z][\w.’']*\s+){0,3}", gap):
            who.insert(0, m)
        elif m.cls != who[0].cls and re.fullmatch(r"\s*(?:[A-Z][\w.’']*\s*){0,3}", gap):
            continue  # a title between: "Foreign Secretary" before "Truss"
        else:
            break
    return [m.ref for m in who]


def _scope(body: str, begin: int, verb: re.Match[str]) -> int | None:
    """Where a reporting verb's words begin: "X says P" covers P only; a closing "..., X said on Friday." all."""
    rest = body[verb.end() :].strip()
    if len(re.findall(r"\w+", rest)) <= 4:
        return None  # a closing frame: the whole sentence is reported
    return begin + verb.start()


_ATTRIBUTABLE = re.compile(r"\battributable to\b", re.I)


def _release_voice(body: str, here: list[EntityMention], speakers: Speakers) -> None:
    """ "The following is attributable to Spokesperson Ned Price:": the rest of the release is his."""
    lead = _ATTRIBUTABLE.search(body)
    if lead and body.rstrip().endswith(":"):
        people = [m for m in here if m.cls == "Person"]
        if people:
            speakers.voice = people[0].ref


_FRAME_VERB = re.compile(rf"\b{_VERBS}\b")


def at_trigger(
    text: str, sentence: Sentence, attribution: Attribution, at: int, mentions: list[EntityMention]
) -> Attribution:
    """The attribution of the words at ``at``: a sentence's own, except in the frame around a quotation.

    In "“We will always agree,” Macron said at the Franco-German Council of Ministers" the council is
    the author's narration; in "“...,” said Xi, adding that China was ready to ..." the words after
    the verb are Xi's reported speech; before "X says P", the article's own voice.
    """
    if attribution.scope_begin is not None and at < attribution.scope_begin:
        return Attribution("AuthorNarration", why="before the reporting verb: the article's own voice")
    body = sentence.text
    if (
        attribution.mode != "DirectQuote"
        or not _quote_spans(body)
        or _inside_quotes(text, sentence.begin, sentence.end, at)
    ):
        return attribution
    spans = _quote_spans(body)
    verbs = [v for v in _FRAME_VERB.finditer(body) if sentence.begin + v.end() <= at
             and not any(b <= v.start() < e for b, e in spans)]  # fmt: skip
    if not verbs or re.match(r"\s+(?:at|in|on|during|after|before|near|from|to)\b", body[verbs[-1].end() :]):
        return Attribution("AuthorNarration", why="outside the quotation: the article's own frame")
    verb = verbs[-1]
    if any(sentence.begin + verb.end() <= sentence.begin + b < at for b, _ in spans):
        return Attribution("AuthorNarration", why="after the quotation the verb introduced: the article's own frame")
    here = [m for m in mentions if sentence.begin <= m.begin < sentence.end and m.cls in _SPEAKER_CLASSES]
    before = [m for m in here if m.end <= sentence.begin + verb.start()]
    after = [m for m in here if m.begin >= sentence.begin + verb.end()]
    if before and sentence.begin + verb.start() - before[-1].end < 12:
        who = _subjects(text, before)
    elif after and after[0].begin - (sentence.begin + verb.end()) < 4:
        who = [after[0].ref]
    else:
        return Attribution("AuthorNarration", why="outside the quotation: the article's own frame")
    return Attribution("ReportedSpeech", tuple(who), why=f"reported after '{verb.group(0)}', outside the quotation")
