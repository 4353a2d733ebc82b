"""The one sentence splitter of relgraph: news text into datelines, headings and sentences.

Every part of relgraph that needs sentences (``relgraph sentences``, ``new-article``,
``draft``, the fact-sheet compiler resolving a quote to its sentence) asks this module,
so a quote, a mention and a draft agree on where a sentence begins and ends.

``segment_text(text)`` returns every span in text order, each a ``Segment`` with its
code-point offsets (end exclusive) and its kind:

* ``dateline``: a wire or press-release dateline at the start of the text,
  "NAIROBI, June 1, 2019 (Reuters) -", "WASHINGTON —", or relgraph's own
  "date 2019-05-03"; never merged into the first sentence, and not a sentence;
* ``heading``: a line that is a heading or the lead of a list item,
  "Pillar One - Economic Prosperity, Trade, and Investment:";
* ``sentence``: everything else, cut at ``.``, ``!`` and ``?`` (with the closing
  quotes and brackets that follow them) where a new sentence begins.

``split_sentences(text)`` is the sentences and headings, numbered from 1: the spans a
``rel:Mention`` may cover.

Rules (rule-based, no model; each is a test in ``tests/test_sentences.py``):

* a paragraph ends at a blank line; a line break ends a sentence unless the next line
  starts in lower case (a wrapped line); list items ("- ", "• ", "1. ", "(a) ") start one;
* a full stop does not end a sentence after a title ("Dr.", "Amb.", "Gen.", "Sen.",
  "Rep.", "St."), an initial ("Antony J. Blinken"), a month before a number ("Jan. 6"),
  or "U.S."/"U.K."/"U.N." inside a compound ("Kenya-U.S.", "U.S.-Kenya") or before a word
  that is not a usual sentence opener ("U.S. Secretary of State");
* a sentence never begins with a lower-case letter, so "?” she asked" and "U.S. officials"
  stay in one sentence;
* a quotation of several sentences is cut at its inner full stops like any text
  (“We met. | We agreed,” she said.); the drafter's attribution carries the speaker of the
  closing clause back to the quotation's earlier sentences;
* a paragraph's own number ("1. The Prime Minister ...") is left outside its first sentence;
* a dateline may be in mixed case when a long dash closes it ("Nairobi — Kenya and ..."),
  may put a comma before the agency ("BRASILIA, (Reuters) –") and may have no space
  after an agency's dash ("London, August 29, 2018 (AltAfrica)-United Kingdom ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Segment", "Sentence", "find_dateline", "segment_text", "split_sentences"]


@dataclass(frozen=True)
class Segment:
    """A span of an article's text: a dateline, a heading or a sentence (code points, end exclusive)."""

    kind: str  # "dateline" | "heading" | "sentence"
    begin: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading) of an article's text, with its offsets (code points, end exclusive)."""

    index: int  # counted from 1
    begin: int
    end: int
    text: str
    kind: str = "sentence"  # "sentence" | "heading"


# ----- vocabulary --------------------------------------------------------------------------------------

# fmt: off
#: Abbreviations after which a full stop never ends a sentence (a name or number follows).
_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "maj", "capt", "cmdr", "adm", "brig",
    "sen", "rep", "gov", "amb", "hon", "rev", "fr", "pres", "sec", "dept", "no", "nos", "vs", "v", "e.g",
    "i.e", "cf", "approx", "fig", "art", "para", "ft", "mt", "messrs", "h.e", "jr.", "rt",
})
#: Country abbreviations used as adjectives ("the U.S. Secretary of State").
_ADJECTIVES = frozenset({"u.s", "u.k", "u.n", "u.s.a", "e.u", "u.a.e", "d.r.c"})
#: Abbreviations that end a sentence when a capital follows, and not before a number.
_MAYBE_END = frozenset({
    "d.c", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "a.m", "p.m", "bros", "plc", "llc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
#: Words that usually open a sentence: after "U.S." they mean the sentence has ended.
_OPENERS = frozenset({
    "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those",
    "there", "his", "her", "their", "our", "in", "on", "at", "for", "but", "and", "as", "after", "before",
    "during", "while", "when", "since", "although", "however", "meanwhile", "both", "earlier", "later",
    "last", "next", "according", "separately", "also", "yet", "so", "if", "with", "under", "by",
})
#: Reporting verbs that close a quotation ("...,” she said.").
_REPORTING = (
    "said|says|say|told|tells|added|adds|stated|states|noted|notes|asked|asks|explained|explains|"
    "declared|declares|insisted|insists|wrote|writes|remarked|remarks|continued|continues|"
    "stressed|stresses|emphasised|emphasized|warned|warns|argued|argues|read|reads|according"
)
# fmt: on

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_OWN_DATELINE = re.compile(r"\s*(date \d{4}-\d{2}-\d{2})(?=\s)")
# "NAIROBI, June 1, 2019 (Reuters) -", "WASHINGTON —", "UNITED NATIONS, Nov 17 (AP) --",
# "Washington, DC, May 3, 2021 –", "BEIJING/TOKYO (Reuters) -"
_WIRE_DATELINE = re.compile(
    r"\s*(?P<span>(?P<place>[A-Z][A-Za-z.'’/-]*(?:[ /][A-Z][A-Za-z.'’/-]*){0,3})"
    r"(?P<region>(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*){0,2}(?=,|\s*[(\-–—]))*)"
    rf"(?P<date>,\s*(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))?"
    r"(?:,?\s*(?P<agency>\([A-Za-z][A-Za-z .&/-]{0,30}\)))?"
    r"\s*(?P<dash>--|[-–—]))(?=\s|(?<=\)[-–—])[A-Z])"
)
_END = re.compile(r"[.!?]+(?:[\"'”’)\]]+[.]?)?(?=\s|$)")
_LIST_ITEM = re.compile(r"(?:[-•*·▪–—]\s|\(?[0-9]{1,2}[.)]\s|\(?[a-z][.)]\s)")
_NUMBERED = re.compile(r"\(?[0-9]{1,2}[.)]\s")
_HEADING_LEAD = re.compile(r"[^\n.!?:;“”\"]{3,110}:(?=\s+[A-Z“\"‘(])")


# ----- the splitter --------------------------------------------------------------------------------------


def find_dateline(text: str) -> Segment | None:
    """The dateline at the start of ``text``, or None."""
    own = _OWN_DATELINE.match(text)
    if own:
        return Segment("dateline", own.start(1), own.end(1), own.group(1))
    wire = _WIRE_DATELINE.match(text)
    if not wire:
        return None
    place = wire.group("place")
    shouting = place.replace(".", "").replace("/", "").replace(" ", "").isupper() and len(place) > 2
    # "Nairobi — Kenya and ...": a mixed-case place alone before a long dash opens a story when
    # a capitalised sentence follows (a hyphen there is too often a compound or an aside).
    long_dash = wire.group("dash") in ("—", "–", "--") and text[wire.end("span") :].lstrip()[:1].isupper()
    if not (shouting or wire.group("date") or wire.group("agency") or (long_dash and not wire.group("region"))):
        return None  # "Kenya - the talks ..." is not a dateline
    return Segment("dateline", wire.start("span"), wire.end("span"), wire.group("span"))


def segment_text(text: str) -> list[Segment]:
    """Every dateline, heading and sentence of ``text`` in order, with code-point offsets."""
    segments: list[Segment] = []
    start = 0
    dateline = find_dateline(text)
    if dateline:
        segments.append(dateline)
        start = dateline.end
    for begin, end in _lines(text, start):
        _split_line(text, begin, end, segments)
    return segments


def split_sentences(text: str) -> list[Sentence]:
    """The sentences and headings of an article's text, numbered from 1 (datelines left out)."""
    out: list[Sentence] = []
    for seg in segment_text(text):
        if seg.kind != "dateline":
            out.append(Sentence(len(out) + 1, seg.begin, seg.end, seg.text, seg.kind))
    return out


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """Units that no sentence crosses: paragraphs, with a line break kept only inside wrapped lines."""
    units: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?![ \t\r\f\v]*\n)[^\n]*)*", text[start:]):
        offset = start + paragraph.start()
        lines = [(offset + m.start(), offset + m.end()) for m in re.finditer(r"[^\n]+", paragraph.group(0))]
        lines = [(b, e) for b, e in lines if text[b:e].strip()]
        current: tuple[int, int] | None = None
        for b, e in lines:
            line = text[b:e].strip()
            wraps = (
                current is not None
                and line[:1].islower()
                and not text[current[0] : current[1]].rstrip().endswith((".", "!", "?", ":", "”", '"'))
            )
            if wraps and current is not None:
                current = (current[0], e)
            else:
                if current is not None:
                    units.append(current)
                current = (b, e)
        if current is not None:
            units.append(current)
    return units


def _split_line(text: str, begin: int, end: int, segments: list[Segment]) -> None:
    block = text[begin:end]
    lead = len(block) - len(block.lstrip())
    heading = _HEADING_LEAD.match(block, lead)
    if heading and _is_heading(heading.group(0)):
        _add(segments, text, begin + lead, begin + heading.end(), "heading")
        lead = heading.end()
    elif block.rstrip().endswith(":") and _is_heading(block.strip()):
        _add(segments, text, begin, end, "heading")
        return
    cut = lead
    item = _LIST_ITEM.match(block, lead)  # "1. " opens a list item; it does not end a sentence
    if item and _NUMBERED.match(block, lead):
        cut = item.end()  # a paragraph's own number ("1. The Prime Minister ...") is not part of it
    for stop in _END.finditer(block, item.end() if item else lead):
        rest = block[stop.end() :].lstrip()
        if not _ends_sentence(block, stop.start(), stop.end(), rest):
            continue
        _add(segments, text, begin + cut, begin + stop.end(), "sentence")
        cut = stop.end()
    _add(segments, text, begin + cut, end, "sentence")


def _is_heading(phrase: str) -> bool:
    """A heading is short and mostly capitalised ("Pillar One - Economic Prosperity, Trade, and Investment:")."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", phrase)]
    if not words or len(words) > 14:
        return False
    if _LIST_ITEM.match(phrase):
        return True
    content = [w for w in words if len(w) > 3]
    capitalised = [w for w in content if w[0].isupper()]
    return bool(content) and len(capitalised) * 3 >= len(content) * 2


def _ends_sentence(block: str, start: int, stop: int, rest: str) -> bool:
    """Whether the punctuation at ``block[start:stop]`` ends a sentence (``rest`` follows it)."""
    if not rest:
        return True
    first = rest[0]
    if first.islower():
        return False  # "?” she asked", "U.S. officials", "p.m. on Monday"
    if not (first.isupper() or first.isdigit() or first in "“\"‘'([•*-–—"):
        return False
    if "." not in block[start:stop] or block[start:stop].startswith(("!", "?")):
        return True
    token = re.search(r"(\S+)$", block[:stop])
    word = (token.group(1) if token else "").rstrip("\"'”’)]").rstrip(".")
    core = re.split(r"[-–—/]", word)[-1].lstrip("(\"'“‘").casefold()  # "Kenya-U.S." -> "u.s"
    compound = core != word.lstrip("(\"'“‘").casefold()
    next_word = re.match(r"[“\"‘']?([\w’'-]+)", rest)
    following = next_word.group(1).casefold() if next_word else ""
    if re.fullmatch(r"[a-z]", core):  # an initial: "Antony J. Blinken"
        return False
    if core in _TITLES:
        return False
    if core in _ADJECTIVES:
        return not compound and following in _OPENERS
    if core in _MAYBE_END:
        return not first.isdigit()
    return True


def _add(segments: list[Segment], text: str, begin: int, end: int, kind: str) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin:
        segments.append(Segment(kind, begin, end, text[begin:end]))
