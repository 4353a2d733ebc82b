/* relgraph graph page: draws the graph with vis-network and explains what is clicked.
 * Every text from the data is put on the page with textContent or as a DOM text node,
 * never as HTML. window.relgraph exposes the network and its data sets (for tests). */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var info = data.info;
  var SVG = "http://www.w3.org/2000/svg";
  var started = performance.now();

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    // a web address, or a path relative to the page (an article's text in the graph folder); no other scheme
    if (typeof url !== "string") return "";
    return /^https?:\/\//i.test(url) || /^[^\/\\:][^:]*$/.test(url) ? url : "";
  }

  // ----- tooltips: DOM elements, so vis-network shows them as they are -----------------------
  function nodeTooltip(item) {
    var box = el("div");
    box.appendChild(el("strong", null, item.label));
    var line = item["class"];
    if (item.status) line += " · " + item.status;
    box.appendChild(el("span", null, line));
    if (item.dates) box.appendChild(el("span", null, item.dates));
    return box;
  }

  function edgeTooltip(edge) {
    var box = el("div");
    box.appendChild(el("strong", null, edge.label));
    box.appendChild(el("span", null, info[edge.from].label + " → " + info[edge.to].label));
    return box;
  }

  // Made when the pointer first rests on a node or edge (see "hoverNode" below): a DOM element for
  // each of thousands of nodes and edges cost more than drawing them.
  function lazyTooltip(item, make) {
    if (item && item.options.title === undefined) item.options.title = make();
  }

  // Colours come once per style (data.colours); each node names its set.
  var originalColour = {};
  data.nodes.forEach(function (node) {
    node.color = data.colours[node.colour];
    delete node.colour;
    originalColour[node.id] = node.color;
  });

  var edgesOf = {};
  data.edges.forEach(function (edge) {
    (edgesOf[edge.from] = edgesOf[edge.from] || []).push(edge);
    if (edge.to !== edge.from) (edgesOf[edge.to] = edgesOf[edge.to] || []).push(edge);
  });

  var groups = data.clusters || [];
  var grouped = groups.length > 0;
  var groupOf = {};
  var groupById = {};
  groups.forEach(function (g) {
    groupById[g.id] = g;
    g.members.forEach(function (id) { groupOf[id] = g.id; });
  });
  var nodes = new vis.DataSet(grouped
    ? data.nodes.filter(function (n) { return groupOf[n.id] === undefined; }).concat(groups.map(groupNode))
    : data.nodes);
  var edges = new vis.DataSet(grouped
    ? data.edges.filter(function (e) { return groupOf[e.from] === undefined && groupOf[e.to] === undefined; })
        .concat((data.groupLinks || []).map(function (l) { return linksEdge(l[0], l[1], l[2]); }))
    : data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  if (grouped) network.fit({ animation: false });
  var physicsOn = data.physics;
  var statusLine = document.getElementById("status-line");
  var physicsButton = document.getElementById("physics");

  var api = {
    network: network,
    nodes: nodes,
    edges: edges,
    settled: false,
    settledAt: null,
    settledAfterMs: null,
    selectNode: selectNode,
    nodeIdByIri: function (iri) {
      for (var i = 0; i < info.length; i++) if (info[i].iri === iri) return i;
      return null;
    }
  };
  window.relgraph = api;

  // ----- a large graph opens on one node per class; a click opens a class where it stands -------
  // The data sets hold what is drawn: the groups still closed, the nodes of the groups opened,
  // and between them the real edges or, where one end is a closed group, one edge per pair whose
  // width grows with the number of links it stands for.
  function groupNode(g) {
    return {
      id: g.id, label: g.label, title: g.title, shape: g.shape, size: g.size, x: g.x, y: g.y,
      color: { background: g.colour, border: "#1b2631" }, borderWidth: 2, font: { size: 22, strokeWidth: 4 }
    };
  }

  function linksEdge(a, b, count) {
    return {
      id: "links:" + a + "|" + b, from: a, to: b, label: "", title: count + (count === 1 ? " link" : " links"),
      width: Math.min(1 + Math.log2(count), 8), color: { color: "#c3c8cc" }, arrows: { to: { enabled: false } }
    };
  }

  // A group opens a batch at a time: its next BATCH members (best connected first) on a sunflower
  // around the group, which stays where it stands as "Claim (785 more)" until its last batch.
  // vis-network takes about half a millisecond to add a node, so a batch is what a click can draw
  // within 100 ms, and what a person can read at once. The page keeps the boxes of what it has
  // drawn (shapes and labels, in canvas units): a member takes the next free place on the
  // sunflower, and keeps its label only if the label's box meets nothing drawn. Labels scale with
  // the zoom, so what fits at one zoom fits at every zoom; the others show on hover, on a click
  // and in the side panel.
  var BATCH = 50;
  var GOLDEN = Math.PI * (3 - Math.sqrt(5));
  var STEP = 46; // canvas units between neighbouring members, at least
  var CELL = 200; // label boxes are at most 190 units wide
  var taken = {}; // grid cell -> boxes drawn there
  var shortened = {}; // drawn without a label (it did not fit); shown when the node is selected

  function shapeBox(x, y, size) {
    return { left: x - size - 3, right: x + size + 3, top: y - size - 3, bottom: y + size + 3 };
  }

  function labelBox(label, x, y, size, font) {
    var rows = 0, width = 0;
    String(label).split("\n").forEach(function (line) {
      var w = line.length * font * 0.66; // system-ui: a character is at most about 0.66 of the font size
      rows += Math.max(1, Math.ceil(w / 190));
      width = Math.max(width, Math.min(w, 190));
    });
    var top = y + size + 4; // just below the shape's box
    return { left: x - width / 2 - 6, right: x + width / 2 + 6, top: top, bottom: top + rows * font * 1.35 + 6 };
  }

  function cellsOf(box) {
    var keys = [];
    for (var cx = Math.floor(box.left / CELL); cx <= Math.floor(box.right / CELL); cx++) {
      for (var cy = Math.floor(box.top / CELL); cy <= Math.floor(box.bottom / CELL); cy++) keys.push(cx + "," + cy);
    }
    return keys;
  }

  function isFree(box) {
    return cellsOf(box).every(function (key) {
      return (taken[key] || []).every(function (b) {
        return !(box.left < b.right && b.left < box.right && box.top < b.bottom && b.top < box.bottom);
      });
    });
  }

  function take(box) {
    cellsOf(box).forEach(function (key) { (taken[key] = taken[key] || []).push(box); });
  }

  function union(a, b) {
    return { left: Math.min(a.left, b.left), right: Math.max(a.right, b.right), top: a.top, bottom: b.bottom };
  }

  function takeDrawn(node, font) {
    var shape = shapeBox(node.x, node.y, node.size);
    take(node.label ? union(shape, labelBox(node.label, node.x, node.y, node.size, font)) : shape);
  }

  function placeBatch(group, batch) {
    var slot = group.slot || 0;
    // room for the shape and a short label between neighbours: 46 units for a dot, 80 for a state
    var step = Math.max(STEP, 2 * data.nodes[group.members[0]].size + 24);
    var placed = batch.map(function (id) {
      var node = data.nodes[id], x, y, tries = 0;
      do { // the next place on the sunflower that no shape or label drawn covers
        var r = step * Math.sqrt(slot + 0.5), t = slot * GOLDEN;
        x = group.x + r * Math.cos(t);
        y = group.y + r * Math.sin(t);
        slot += 1;
        tries += 1;
      } while (tries < 500 && !isFree(shapeBox(x, y, node.size)));
      var drawn = Object.assign({}, node, { x: x, y: y });
      var shape = shapeBox(x, y, node.size);
      var whole = union(shape, labelBox(node.label, x, y, node.size, 18)); // as vis-network's bounding box
      if (isFree(whole)) {
        take(whole);
      } else {
        take(shape);
        drawn.label = "";
        shortened[id] = true;
      }
      return drawn;
    });
    group.slot = slot;
    return placed;
  }

  nodes.forEach(function (node) { takeDrawn(node, groupById[node.id] ? 22 : 18); }); // the opening view

  function openGroup(groupId) {
    var group = groupById[groupId];
    if (!group || !nodes.get(groupId)) return;
    var start = group.opened || 0;
    var batch = group.members.slice(start, start + BATCH);
    group.opened = start + batch.length;
    var rest = group.members.length - group.opened;
    edges.remove(edges.getIds({ filter: function (e) { return e.from === groupId || e.to === groupId; } }));
    batch.forEach(function (id) { delete groupOf[id]; });
    if (rest > 0) {
      nodes.update({
        id: groupId, label: group.name + " (" + rest.toLocaleString("en") + " more)",
        title: rest + " more: click to open the next " + Math.min(rest, BATCH)
      });
    } else {
      nodes.remove(groupId);
    }
    nodes.add(placeBatch(group, batch));
    // The real edges of the batch, and one edge per pair of drawn ends with a closed group at one end
    // (the rest of this group included, whose old edges were removed above).
    var real = [], links = {}, seen = {};
    function count(e) {
      var a = drawnAs(e.from), b = drawnAs(e.to);
      if (a === b) return;
      if (typeof a === "number" && typeof b === "number") {
        if (!seen[e.id]) { seen[e.id] = true; real.push(e); }
      } else if (a === groupId || b === groupId || typeof a === "number" || typeof b === "number") {
        var key = a + "|" + b;
        (links[key] = links[key] || [a, b, 0])[2] += 1;
      }
    }
    batch.forEach(function (id) { (edgesOf[id] || []).forEach(count); });
    if (rest > 0) group.members.slice(group.opened).forEach(function (id) { (edgesOf[id] || []).forEach(count); });
    edges.add(real.concat(Object.keys(links).map(function (key) {
      return linksEdge(links[key][0], links[key][1], links[key][2]);
    })));
    statusLine.textContent = group.label + ": " + group.opened + " opened · " + drawnCount() + " nodes drawn";
  }

  function drawnAs(id) { return groupOf[id] !== undefined ? groupOf[id] : id; }
  function drawnCount() { return nodes.length; }

  api.grouped = grouped;
  api.groups = groups;
  api.openGroup = openGroup;
  api.batch = BATCH;
  api.drawnCount = drawnCount;
  api.nodeCount = data.nodes.length;
  api.edgeCount = data.edges.length;

  function setPhysics(on) {
    physicsOn = on;
    var options = { physics: { enabled: on } };
    if (on && !data.physics) options.physics.solver = "barnesHut";
    network.setOptions(options);
    physicsButton.textContent = "Physics: " + (on ? "on" : "off");
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function markSettled() {
    if (api.settled) return;
    api.settled = true;
    api.settledAt = performance.now(); // since navigation start
    api.settledAfterMs = Math.round(api.settledAt - started); // since this script started
    document.body.setAttribute("data-settled", "true");
    statusLine.textContent = data.nodes.length + " nodes, " + data.edges.length + " edges · " +
      (grouped ? "grouped by class into " + drawnCount() + " nodes: click a group to open it" : "layout settled");
  }

  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      setPhysics(false);
      network.fit({ animation: false });
      markSettled();
    });
  } else {
    network.once("afterDrawing", markSettled);
  }
  physicsButton.addEventListener("click", function () { setPhysics(!physicsOn); });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  document.getElementById("clear").addEventListener("click", clearSelection);

  // ----- highlight a neighbourhood ------------------------------------------------------------
  var dimmedNodes = {};
  var dimmedEdges = {};
  var DIM_NODE = { background: "#eef0f2", border: "#d5d9dd" };

  function highlight(id) {
    // On a large page, dimming thousands of nodes took 0.45-1.5 s a click; vis's own selection
    // (the node and its edges drawn bold) says the same at once.
    if (grouped) return;
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var keepEdges = {};
    network.getConnectedEdges(id).forEach(function (e) { keepEdges[e] = true; });
    var nodeUpdates = [];
    nodes.getIds().forEach(function (n) {
      var dim = !keep[n];
      if (dim && !dimmedNodes[n]) {
        dimmedNodes[n] = true;
        nodeUpdates.push({ id: n, color: DIM_NODE, font: { color: "#b3b9bf" } });
      } else if (!dim && dimmedNodes[n]) {
        delete dimmedNodes[n];
        nodeUpdates.push({ id: n, color: originalColour[n], font: { color: "#1b2631" } });
      }
    });
    var edgeUpdates = [];
    edges.getIds().forEach(function (e) {
      var dim = !keepEdges[e];
      if (dim && dimmedEdges[e] !== "dim") {
        dimmedEdges[e] = "dim";
        edgeUpdates.push({ id: e, color: { color: "#eceef0" }, font: { color: "rgba(0,0,0,0)", strokeWidth: 0, size: 11 } });
      } else if (!dim && dimmedEdges[e] !== "lit") {
        // the neighbourhood's edges: darker, with labels large enough to show when zoomed out
        dimmedEdges[e] = "lit";
        edgeUpdates.push({ id: e, color: { color: "#34495e" }, font: { color: "#1b2631", strokeWidth: 4, size: 20 } });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  function clearHighlight() {
    var nodeUpdates = Object.keys(dimmedNodes).map(function (n) {
      return { id: Number(n), color: originalColour[n], font: { color: "#1b2631" } };
    });
    var edgeUpdates = Object.keys(dimmedEdges).map(function (e) {
      return { id: Number(e), color: { color: "#a6acaf" }, font: { color: "#5d6d7e", strokeWidth: 3, size: 11 } };
    });
    dimmedNodes = {};
    dimmedEdges = {};
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  // ----- the side panel -----------------------------------------------------------------------
  var details = document.getElementById("details");

  function swatch(shape, colour, dashes) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("aria-hidden", "true");
    var shapeEl;
    var points = {
      diamond: "10,1 19,10 10,19 1,10",
      triangle: "10,2 19,18 1,18",
      triangleDown: "1,2 19,2 10,18",
      hexagon: "5,2 15,2 19.5,10 15,18 5,18 0.5,10",
      star: "10,1 12.6,7 19,7.3 14,11.5 15.6,18.5 10,14.6 4.4,18.5 6,11.5 1,7.3 7.4,7"
    }[shape];
    if (points) {
      shapeEl = document.createElementNS(SVG, "polygon");
      shapeEl.setAttribute("points", points);
    } else if (shape === "square" || shape === "box") {
      shapeEl = document.createElementNS(SVG, "rect");
      shapeEl.setAttribute("x", "2"); shapeEl.setAttribute("y", "2");
      shapeEl.setAttribute("width", "16"); shapeEl.setAttribute("height", "16");
      if (shape === "box") shapeEl.setAttribute("rx", "3");
    } else if (shape === "ellipse") {
      shapeEl = document.createElementNS(SVG, "ellipse");
      shapeEl.setAttribute("cx", "10"); shapeEl.setAttribute("cy", "10");
      shapeEl.setAttribute("rx", "9"); shapeEl.setAttribute("ry", "6");
    } else {
      shapeEl = document.createElementNS(SVG, "circle");
      shapeEl.setAttribute("cx", "10"); shapeEl.setAttribute("cy", "10"); shapeEl.setAttribute("r", "8");
    }
    shapeEl.setAttribute("fill", colour);
    shapeEl.setAttribute("stroke", dashes ? "#333" : "rgba(0,0,0,.35)");
    shapeEl.setAttribute("stroke-width", dashes ? "2" : "1");
    if (dashes && dashes.length) shapeEl.setAttribute("stroke-dasharray", dashes.map(function (d) { return d / 2; }).join(" "));
    svg.appendChild(shapeEl);
    return svg;
  }

  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }

  function linkButton(id, text) {
    var button = el("button", null, text);
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id); });
    return button;
  }

  function shellWord(text) {
    return /^[A-Za-z0-9_:.\/#%+=-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
  }

  // A node whose details build_graph did not read (its detail_limit): say what is missing and how to see it.
  function leftOutNote(item) {
    var kept = data.meta.details || {};
    details.appendChild(el("h3", null, "Not in this page"));
    var said = item.leftOut === 1 ? "1 sentence states" : item.leftOut + " sentences state";
    details.appendChild(el("p", "note",
      "Its supporting sentences (" + said + " facts about it), who said them and its other values were left out: " +
      "this page carries them for the " + (kept.limit || 0).toLocaleString("en") + " nodes " + (kept.chosen || "") +
      ". To see them, draw this node alone:"));
    details.appendChild(el("pre", "command", "relgraph render --focus " + shellWord(item.curie || item.iri) +
      " --depth 0 -o node.html"));
  }

  function showDetails(id) {
    var item = info[id];
    var node = nodes.get(id);
    while (details.firstChild) details.removeChild(details.firstChild);
    var kind = el("div", "kind");
    kind.appendChild(swatch(node.shape, originalColour[id].background));
    kind.appendChild(document.createTextNode(item["class"]));
    details.appendChild(kind);
    details.appendChild(el("h2", null, item.label));
    details.appendChild(el("p", "iri", item.curie !== item.iri ? item.curie + "  ·  " + item.iri : item.iri));

    var dl = el("dl");
    if (item.status) {
      var status = el("span", "status " + item.status.toLowerCase().replace(/[^a-z]+/g, "-"), item.status);
      addRow(dl, "Status", status);
    }
    if (item.start) addRow(dl, "Starts", item.start);
    if (item.end) addRow(dl, "Ends", item.end);
    if (item.date && item.date !== item.start) addRow(dl, "Date", item.date);
    if (item.statusHistory) {
      addRow(dl, "Status history", item.statusHistory.map(function (r) { return r[0] + ": " + r[1]; }).join(" → "));
    }
    addRow(dl, "Attributed to", item.attributedTo);
    addRow(dl, "How it is said", item.attributionMode);
    if (dl.childNodes.length) details.appendChild(dl);

    if (item.mentions && item.mentions.length) {
      details.appendChild(el("h3", null, item.mentions.length === 1 ? "Supporting sentence" : "Supporting sentences"));
      item.mentions.forEach(function (number) {
        var m = data.sentences[number];
        details.appendChild(el("blockquote", "sentence", m.text));
        var cite = el("p", "cite");
        var url = safeUrl(m.url);
        if (url) {
          var a = el("a", null, m.article);
          a.href = url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          cite.appendChild(a);
        } else {
          cite.appendChild(document.createTextNode(m.article));
        }
        var extra = [];
        if (m.date) extra.push(m.date);
        if (m.by) extra.push("said by " + m.by);
        if (m.mode) extra.push(m.mode);
        if (extra.length) cite.appendChild(document.createTextNode(" · " + extra.join(" · ")));
        details.appendChild(cite);
      });
    }

    if (item.leftOut !== undefined) leftOutNote(item);

    if (item.facts && item.facts.length) {
      details.appendChild(el("h3", null, "Details"));
      var facts = el("dl");
      item.facts.forEach(function (f) { addRow(facts, f[0], f[1]); });
      details.appendChild(facts);
    }

    var outgoing = [];
    var incoming = [];
    // From the data, not the drawing: an edge to a node inside a closed group is drawn to the group.
    (edgesOf[id] || []).forEach(function (e) {
      if (e.from === id) outgoing.push(e); else incoming.push(e);
    });
    function connections(title, list, arrow, other) {
      if (!list.length) return;
      details.appendChild(el("h3", null, title + " (" + list.length + ")"));
      var ul = el("ul", "links");
      list.sort(function (a, b) { return a.label.localeCompare(b.label) || info[other(a)].label.localeCompare(info[other(b)].label); });
      list.forEach(function (e) {
        var li = el("li");
        li.appendChild(el("span", "prop", arrow + " " + e.label + ": "));
        li.appendChild(linkButton(other(e), info[other(e)].label));
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    connections("Links out", outgoing, "→", function (e) { return e.to; });
    connections("Links in", incoming, "←", function (e) { return e.from; });
    details.hidden = false;
  }

  function showEdge(edgeId) {
    var e = edges.get(edgeId);
    while (details.firstChild) details.removeChild(details.firstChild);
    details.appendChild(el("div", "kind", "Property"));
    details.appendChild(el("h2", null, e.label));
    details.appendChild(el("p", "iri", e.prop));
    var ul = el("ul", "links");
    var li = el("li");
    li.appendChild(linkButton(e.from, info[e.from].label));
    li.appendChild(el("span", "prop", " → " + e.label + " → "));
    li.appendChild(linkButton(e.to, info[e.to].label));
    ul.appendChild(li);
    details.appendChild(ul);
    details.hidden = false;
  }

  function selectNode(id, options) {
    while (groupOf[id] !== undefined && nodes.get(groupOf[id])) openGroup(groupOf[id]);
    if (info[id] === undefined) return;
    if (shortened[id]) {
      // vis-network's own node, not the data set: an update there re-reads every node and edge
      delete shortened[id];
      network.body.nodes[id].setOptions({ label: data.nodes[id].label });
    }
    if (shortened[id]) {
      delete shortened[id];
      nodes.update({ id: id, label: data.nodes[id].label });
    }
    network.selectNodes([id]);
    if (!options || options.focus !== false) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350 } });
    }
    highlight(id);
    showDetails(id);
  }

  function clearSelection() {
    network.unselectAll();
    clearHighlight();
    details.hidden = true;
  }

  network.on("hoverNode", function (params) {
    if (info[params.node]) lazyTooltip(network.body.nodes[params.node], function () { return nodeTooltip(info[params.node]); });
  });
  network.on("hoverEdge", function (params) {
    var edge = typeof params.edge === "number" ? data.edges[params.edge] : null;
    if (edge) lazyTooltip(network.body.edges[params.edge], function () { return edgeTooltip(edge); });
  });

  network.on("click", function (params) {
    if (params.nodes.length && groupById[params.nodes[0]]) openGroup(params.nodes[0]);
    else if (params.nodes.length) selectNode(params.nodes[0], { focus: false });
    else if (params.edges.length && typeof params.edges[0] === "string") clearSelection();
    else if (params.edges.length) { clearHighlight(); showEdge(params.edges[0]); }
    else clearSelection();
  });

  // ----- the legend: shapes and colours by class, outlines by status ---------------------------
  var legendList = document.getElementById("legend-classes");
  data.legend.forEach(function (entry) {
    var li = el("li");
    var button = el("button");
    button.type = "button";
    button.setAttribute("aria-pressed", "true");
    button.title = "Hide or show every " + entry.label;
    button.appendChild(swatch(entry.shape, entry.colour));
    button.appendChild(el("span", "name", entry.label));
    button.appendChild(el("span", "count", entry.count));
    button.addEventListener("click", function () {
      var show = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", show ? "true" : "false");
      var updates = [];
      for (var i = 0; i < info.length; i++) {
        if (info[i]["class"] === entry.label && nodes.get(i)) updates.push({ id: i, hidden: !show });
      }
      nodes.update(updates);
    });
    li.appendChild(button);
    legendList.appendChild(li);
  });
  var statusList = document.getElementById("legend-status");
  data.statuses.forEach(function (entry) {
    var li = el("li");
    li.appendChild(swatch("dot", "#ffffff", entry.dashes.length ? entry.dashes : null));
    li.appendChild(el("span", null, entry.label));
    statusList.appendChild(li);
  });
  document.getElementById("legend-status-title").hidden = data.statuses.length === 0;

  // ----- search by name -----------------------------------------------------------------------
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  var folded = info.map(function (item) { return (item.label + " " + item.curie).toLowerCase(); });
  var active = -1;
  var shown = [];

  function closeMatches() {
    matches.hidden = true;
    search.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function renderMatches() {
    while (matches.firstChild) matches.removeChild(matches.firstChild);
    shown.forEach(function (id, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.appendChild(document.createTextNode(info[id].label));
      li.appendChild(el("small", null, info[id]["class"]));
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        pick(id);
      });
      matches.appendChild(li);
    });
    matches.hidden = shown.length === 0;
    search.setAttribute("aria-expanded", shown.length ? "true" : "false");
  }

  function pick(id) {
    search.value = info[id].label;
    closeMatches();
    selectNode(id);
  }

  search.addEventListener("input", function () {
    var query = search.value.trim().toLowerCase();
    active = -1;
    if (!query) { shown = []; renderMatches(); return; }
    var found = [];
    for (var i = 0; i < folded.length && found.length < 400; i++) {
      var at = folded[i].indexOf(query);
      if (at >= 0) found.push([at === 0 ? 0 : 1, info[i].label.length, i]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    shown = found.slice(0, 12).map(function (f) { return f[2]; });
    renderMatches();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && shown.length) { active = (active + 1) % shown.length; renderMatches(); event.preventDefault(); }
    else if (event.key === "ArrowUp" && shown.length) { active = (active - 1 + shown.length) % shown.length; renderMatches(); event.preventDefault(); }
    else if (event.key === "Enter" && shown.length) { pick(shown[Math.max(active, 0)]); event.preventDefault(); }
    else if (event.key === "Escape") { closeMatches(); }
  });
  search.addEventListener("blur", closeMatches);
})();
