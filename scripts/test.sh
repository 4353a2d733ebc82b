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

ruff check src tests benchmarks scripts
ruff format --check src tests benchmarks scripts
mypy                                              # configured in pyproject.toml: src/relgraph
NO_MKDOCS_2_WARNING=1 mkdocs build --strict --quiet   # the documentation site, into site/
python -m pytest -q "$@"
