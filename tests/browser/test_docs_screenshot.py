"""The screenshot of the graph page that README.md and the docs show, made by the browser tests.

The bundled graph's page, with the inaugural dialogue session selected (its side panel open),
is saved to tests/artifacts/docs-graph-page.png on every run for a person to compare with the
committed docs/img/graph-page.png; ``RELGRAPH_DOCS_UPDATE=1`` writes it there too.
"""

from __future__ import annotations

import os
import struct

from ..conftest import REPO
from .test_graph_page import ARTIFACTS, BSD_SESSION, browser, bundled, visit  # noqa: F401  (fixtures)

SHOWN = REPO / "docs" / "img" / "graph-page.png"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_the_docs_screenshot_is_the_graph_page(bundled, visit):  # noqa: F811
    _, path = bundled
    page = visit(path)
    page.click_node(BSD_SESSION)
    assert "Inaugural session of the Kenya–US Bilateral Strategic Dialogue" in page.page.inner_text("#details")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    made = ARTIFACTS / "docs-graph-page.png"
    page.page.screenshot(path=str(made))
    assert page.clean(), (page.blocked, page.console_errors, page.page_errors)
    if os.environ.get("RELGRAPH_DOCS_UPDATE") == "1":
        SHOWN.write_bytes(made.read_bytes())
    assert SHOWN.is_file(), "docs/img/graph-page.png is missing: run this test with RELGRAPH_DOCS_UPDATE=1"
    assert _png_size(SHOWN.read_bytes()) == _png_size(made.read_bytes())
