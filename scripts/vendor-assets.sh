#!/usr/bin/env bash
# Re-fetch the JavaScript and CSS that 'relgraph serve' bundles, from the npm registry:
#   bash scripts/vendor-assets.sh
# The files land in src/relgraph/server/static/vendor/ with their licences; the server then
# serves them itself, so no page ever loads anything from the network. vis-network is not
# fetched here: the server reuses the copy the pyvis package ships (as 'relgraph render' does).
# Bump a version below, run this, check the pages in the browser tests, commit.
set -euo pipefail
cd "$(dirname "$0")/.."

YASGUI_VERSION=4.6.2   # @zazuko/yasgui: the SPARQL editor (YASQE) and result views (YASR)
UPLOT_VERSION=1.6.32   # uPlot: the dyad page's cooperation chart

dest=src/relgraph/server/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v npm >/dev/null || { echo "npm is needed (Node 20 or later)" >&2; exit 1; }

(cd "$work" && npm pack --silent "@zazuko/yasgui@$YASGUI_VERSION" "uplot@$UPLOT_VERSION" >/dev/null)
mkdir -p "$work/yasgui" "$work/uplot" "$dest"
tar xzf "$work/zazuko-yasgui-$YASGUI_VERSION.tgz" -C "$work/yasgui"
tar xzf "$work/uplot-$UPLOT_VERSION.tgz" -C "$work/uplot"

cp "$work/yasgui/package/build/yasgui.min.js" "$dest/yasgui.min.js"
cp "$work/yasgui/package/build/yasgui.min.css" "$dest/yasgui.min.css"
# The package ships no licence file; its package.json says MIT (Triply, Zazuko).
cat > "$dest/yasgui.LICENSE.txt" <<LICENSE
@zazuko/yasgui $YASGUI_VERSION (https://github.com/zazuko/Yasgui), from the npm registry.
Licence: MIT (package.json "license": "MIT"; authors: Triply <info@triply.cc>, Zazuko GmbH).

The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENSE
cp "$work/uplot/package/dist/uPlot.iife.min.js" "$dest/uPlot.iife.min.js"
cp "$work/uplot/package/dist/uPlot.min.css" "$dest/uPlot.min.css"
{ echo "uPlot $UPLOT_VERSION (https://github.com/leeoniya/uPlot), from the npm registry."; echo; cat "$work/uplot/package/LICENSE"; } > "$dest/uPlot.LICENSE.txt"

# Record what was fetched, with digests, for review.
(cd "$dest" && sha256sum yasgui.min.js yasgui.min.css uPlot.iife.min.js uPlot.min.css) > "$dest/SHA256SUMS"
echo "Vendored @zazuko/yasgui $YASGUI_VERSION and uPlot $UPLOT_VERSION into $dest"
