#!/usr/bin/env bash
# Set up relgraph and run its main job on the bundled graph (the Kenya-US article):
#   bash scripts/run.sh
# It answers a tour of canned queries and draws the graph page to out/graph.html.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/relgraph ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e .
fi
rg=.venv/bin/relgraph

section() { printf '\n== %s\n$ relgraph %s\n' "$1" "${*:2}"; "$rg" "${@:2}"; }

section "The canned queries" queries
section "The dialogue and its pillars" query dialogue_pillars --param "mechanism=Bilateral Strategic Dialogue"
section "Events between Kenya and the United States" query dyad_timeline --param state_a=Kenya --param "state_b=United States"
section "Who holds which post" query post_holders
section "Commitments under the defence pillar" query commitments_by_pillar --param "pillar=Defence Cooperation"
section "What Monica Juma is reported to have said" query who_said_what --param "speaker=Monica Juma"
section "Frameworks" query frameworks
section "Your own SPARQL" sparql 'SELECT ?event ?start WHERE { ?event rel:startDate ?start } ORDER BY ?start'
if "$rg" render --help >/dev/null 2>&1; then
  mkdir -p out
  section "The graph page (open it in any browser, offline)" render --output out/graph.html
fi

cat <<'SERVE'

== Browse it, or query it from other programs
$ .venv/bin/relgraph serve
Then open http://127.0.0.1:8000/ (home, search, every entity and article with its sentences,
the canned queries as forms, a SPARQL editor); programs use http://127.0.0.1:8000/sparql
(the SPARQL 1.1 Protocol) and http://127.0.0.1:8000/api/query/NAME. It listens on this machine
only, reads only, and stops every query at its time limit. Ctrl-C stops it. See docs/guides/serve.md.
SERVE
