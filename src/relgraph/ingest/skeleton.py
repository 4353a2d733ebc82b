"""Starting a new article: its sentences with offsets, and a Turtle skeleton to fill in.

Sentences come from ``relgraph.ingest.sentences`` (the one splitter of relgraph): their
code-point offsets (end exclusive) are the numbers a mention needs
(``<ARTICLE#char=BEGIN,END>``, ``rel:beginIndex``, ``rel:endIndex``).

``new_article(...)`` writes a draft: ``drafts/ID.ttl`` and the text copied beside it
as ``drafts/ID.txt``, byte for byte. The draft holds the prefixes, the article node
with its metadata (title, date, URL, text file and its SHA-256), one mention per
sentence, and commented templates of the patterns of ``data/triples.ttl``: an event,
a commitment, a post holder with a tenure, and a claim with its attribution. Drafts
live outside ``data/`` so that a half-filled one never breaks the graph; ``relgraph
add`` checks a draft and only then stores it in ``data/articles/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from relgraph.errors import DataParseError, ProjectError, StoreError, ValidationError
from relgraph.ingest.sentences import Sentence, split_sentences
from relgraph.ingest.staging import MAX_TEXT_BYTES
from relgraph.model.namespaces import RELD, iri_slug
from relgraph.paths import Project
from relgraph.store import commit_files, read_file

__all__ = ["Draft", "Sentence", "draft_folder", "new_article", "read_text", "split_sentences"]

GENERATOR = "relgraph new-article"

# ----- drafts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A new article's draft: the Turtle skeleton and the text beside it."""

    article: str  # the article's IRI
    turtle: Path
    text: Path
    sentences: int


def draft_folder(project: Project) -> Path:
    """Where drafts go by default: ``drafts/`` in the graph folder (not loaded as data)."""
    return project.drafts_dir


def read_text(path: Path) -> tuple[bytes, str]:
    """An article's text: its bytes (kept as they are) and the decoded text offsets count in."""
    try:
        data = read_file(path, max_bytes=MAX_TEXT_BYTES)
    except StoreError as exc:
        raise DataParseError(str(exc), path=str(path)) from exc
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataParseError(
            f"the text is not UTF-8 (byte {exc.start}); save it as UTF-8 so offsets can be counted.", path=str(path)
        ) from exc


def article_id_for(date: dt.date, title: str) -> str:
    return f"article-{date.isoformat()}-{iri_slug(title, 48, empty='article')}"


def _turtle_string(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def render_skeleton(
    *, article_id: str, title: str, date: dt.date, url: str | None, text_file: str, sha256: str, text: str
) -> str:
    """The draft's Turtle, from ``templates/article.ttl.j2``."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("relgraph", "templates"),
        autoescape=False,  # Turtle, not HTML: strings are escaped by the turtle filter
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["turtle"] = _turtle_string
    return env.get_template("article.ttl.j2").render(
        generator=GENERATOR,
        article_id=article_id,
        article_iri=RELD + article_id,
        title=title,
        date=date.isoformat(),
        url=url,
        text_file=text_file,
        text_name=Path(text_file).name,
        sha256=sha256,
        sentences=split_sentences(text),
    )


def new_article(
    project: Project,
    *,
    title: str,
    date: dt.date,
    text: Path,
    url: str | None = None,
    article_id: str | None = None,
    output: Path | None = None,
    overwrite: bool = False,
) -> Draft:
    """Write a draft for a new article: ``ID.ttl`` (skeleton) and ``ID.txt`` (the text)."""
    article_id = article_id or article_id_for(date, title)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", article_id):
        raise ValidationError(
            f"The article id {article_id!r} must be letters, digits, '.', '_' and '-' (it names the files)."
        )
    if url is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise ValidationError(f"--url {url!r} is not an http(s) URL without spaces.")
    if not title.strip():
        raise ValidationError("--title is empty; give the article's headline.")
    data, decoded = read_text(text)
    folder = output if output is not None else draft_folder(project)
    if output is None:
        project.require_writable()
    turtle, copy = folder / f"{article_id}.ttl", folder / f"{article_id}.txt"
    if not overwrite:
        for path in (turtle, copy, project.articles_dir / f"{article_id}.ttl"):
            if path.exists() and not (path == copy and path.read_bytes() == data):
                raise ProjectError(
                    f"{path} exists already; choose another --id, or pass --force to overwrite the draft."
                )
    text_file = f"articles/{article_id}.txt"
    skeleton = render_skeleton(
        article_id=article_id,
        title=" ".join(title.split()),
        date=date,
        url=url,
        text_file=text_file,
        sha256=hashlib.sha256(data).hexdigest(),
        text=decoded,
    )
    commit_files({copy: data, turtle: skeleton.encode("utf-8")})
    return Draft(RELD + article_id, turtle, copy, len(split_sentences(decoded)))
