#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then run them.
#   bash scripts/test.sh            (the README's test command; CI runs exactly this)
# System packages: Java for the OWL reasoners, Chromium for the browser tests, Virtuoso for the
# remote-backend tests (the tests start it, and the Oxigraph server, on 127.0.0.1 and stop them),
# Graphviz for the ontology diagram of the documentation site.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)  # Comunica, an independent SPARQL client, for the serve tests
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "Not root or no apt-get: tests that need ${need_apt[*]} will be skipped with a reason." >&2
  fi
fi

python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e '.[test]'

# Comunica (npm) queries relgraph serve in tests/test_serve_comunica.py; a test-only folder, git-ignored.
COMUNICA_VERSION=4.5.0   # 5.x needs Node 22 (its undici); Debian's and this machine's Node is older
if command -v npm >/dev/null 2>&1 && [ ! -d tests/.node/node_modules/@comunica/query-sparql ]; then
  echo "Installing Comunica $COMUNICA_VERSION into tests/.node"
  npm install --silent --no-audit --no-fund --prefix tests/.node "@comunica/query-sparql@$COMUNICA_VERSION" >/dev/null
fi

ruff check src tests benchmarks scripts
ruff format --check src tests benchmarks scripts
mypy                                              # configured in pyproject.toml: src/relgraph
NO_MKDOCS_2_WARNING=1 mkdocs build --strict --quiet   # the documentation site, into site/
python -m pytest -q "$@"
