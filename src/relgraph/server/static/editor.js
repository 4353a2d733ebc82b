/* The SPARQL editor: YASGUI (bundled) pointed at this server's /sparql, the canned queries as
 * starting points, and a shareable link (/editor?query=...) that follows the text.
 *
 * Results: IRIs of the project's namespace link to this server's entity pages (as the canned
 * queries' tables do), and two views beside YASR's table: "Graph" (the render page's drawing of
 * the query, /graph?sparql=..., as the canned queries' graph view) for answers that name the
 * graph's entities, and "Timeline" (rows under their date, as the canned queries' timeline) for
 * answers with a date column. Every text is set with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("editor-data").textContent);
  var RELD = data.reld;
  var PROJECT = data.project;
  var DATE_COLUMNS = data.date_columns;
  var DATE_TYPES = ["date", "dateTime", "gYear", "gYearMonth"].map(function (t) {
    return "http://www.w3.org/2001/XMLSchema#" + t;
  });
  var share = document.getElementById("share");
  var endpoint = window.location.origin + "/sparql";
  var lastQuery = "";

  /* The page of an IRI on this server (relgraph.server.state.entity_href), or null if not the project's. */
  function localHref(iri) {
    if (iri.indexOf(PROJECT) !== 0) { return null; }
    var hash = iri.indexOf("#");
    var base = hash < 0 ? iri : iri.slice(0, hash);
    if (base.indexOf(RELD) === 0 && base.length > RELD.length) {
      var path = base.slice(RELD.length).split("/").map(encodeURIComponent).join("/");
      return "/id/" + path + (hash < 0 ? "" : "#" + encodeURIComponent(iri.slice(hash + 1)));
    }
    return "/entity?iri=" + encodeURIComponent(iri);
  }

  function compact(iri) {
    var best = null;
    Object.keys(data.prefixes).forEach(function (p) {
      var ns = data.prefixes[p];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > data.prefixes[best].length)) { best = p; }
    });
    return best ? best + ":" + iri.slice(data.prefixes[best].length) : iri;
  }

  function cell(term) {
    if (term.type === "uri") {
      var a = document.createElement("a");
      var local = localHref(term.value);
      a.href = local || term.value;
      if (!local) { a.rel = "noopener noreferrer"; }
      a.textContent = compact(term.value);
      return a;
    }
    var span = document.createElement("span");
    span.textContent = term.value;
    return span;
  }

  /* Links in YASR's own table: rewritten as they are drawn (paging and sorting redraw them). */
  function relink(root) {
    root.querySelectorAll("a.iri").forEach(function (a) {
      var local = localHref(a.getAttribute("href") || "");
      if (local) {
        a.setAttribute("href", local);
        a.setAttribute("target", "_self");
        a.removeAttribute("ref");
        a.classList.add("local");
      }
    });
  }

  function bindings(yasr) {
    return (yasr.results && yasr.results.getBindings && yasr.results.getBindings()) || [];
  }

  function dateColumn(yasr) {
    var vars = (yasr.results && yasr.results.getVariables && yasr.results.getVariables()) || [];
    var rows = bindings(yasr).slice(0, 50);
    var typed = vars.filter(function (v) {
      return rows.some(function (r) { return r[v] && DATE_TYPES.indexOf(r[v].datatype) >= 0; });
    });
    var named = DATE_COLUMNS.filter(function (c) { return vars.indexOf(c) >= 0; });
    return named[0] || typed[0] || null;
  }

  /* The answer as the render page's graph: the query drawn by /graph?sparql=... in a frame. */
  function GraphView(yasr) { this.yasr = yasr; this.priority = 4; this.label = "Graph"; }
  GraphView.prototype.canHandleResults = function () {
    return bindings(this.yasr).some(function (row) {
      return Object.keys(row).some(function (v) { return row[v].type === "uri" && row[v].value.indexOf(RELD) === 0; });
    });
  };
  GraphView.prototype.getIcon = function () { return document.createElement("span"); };
  GraphView.prototype.draw = function () {
    var src = "/graph?" + new URLSearchParams({ sparql: lastQuery }).toString();
    var box = document.createElement("div");
    box.className = "editor-graph";
    if (src.length > data.max_url) {
      box.textContent = "This query is too long to draw as a graph; shorten it.";
    } else {
      var frame = document.createElement("iframe");
      frame.className = "graph";
      frame.title = "The answer as a graph";
      frame.src = src;
      box.appendChild(frame);
    }
    this.yasr.resultsEl.appendChild(box);
  };

  /* The rows under their date (the first date column), oldest first; undated rows last. */
  function TimelineView(yasr) { this.yasr = yasr; this.priority = 3; this.label = "Timeline"; }
  TimelineView.prototype.canHandleResults = function () { return dateColumn(this.yasr) !== null; };
  TimelineView.prototype.getIcon = function () { return document.createElement("span"); };
  TimelineView.prototype.draw = function () {
    var column = dateColumn(this.yasr);
    var vars = this.yasr.results.getVariables();
    var rows = bindings(this.yasr).slice();
    rows.sort(function (a, b) {
      var x = a[column] ? a[column].value : "\uffff", y = b[column] ? b[column].value : "\uffff";
      return x < y ? -1 : x > y ? 1 : 0;
    });
    var list = document.createElement("ol");
    list.className = "timeline editor-timeline";
    var group = null, groupDate = null;
    rows.forEach(function (row) {
      var when = row[column] ? row[column].value : "undated";
      if (group === null || when !== groupDate) {
        var li = document.createElement("li");
        var date = document.createElement("span");
        date.className = "date";
        date.textContent = when;
        group = document.createElement("div");
        group.className = "item";
        li.appendChild(date);
        li.appendChild(group);
        list.appendChild(li);
        groupDate = when;
      }
      var p = document.createElement("p");
      vars.forEach(function (v) {
        if (v === column || !row[v]) { return; }
        var span = document.createElement("span");
        span.className = "cell";
        var name = document.createElement("span");
        name.className = "col";
        name.textContent = v;
        span.appendChild(name);
        span.appendChild(document.createTextNode(" "));
        span.appendChild(cell(row[v]));
        p.appendChild(span);
        p.appendChild(document.createTextNode(" "));
      });
      group.appendChild(p);
    });
    this.yasr.resultsEl.appendChild(list);
  };

  Yasr.registerPlugin("graph", GraphView);
  Yasr.registerPlugin("timeline", TimelineView);

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: true,
    yasr: { pluginOrder: ["table", "graph", "timeline", "response"], persistenceId: null }
  });
  window.relgraphEditor = yasgui;
  var tab = yasgui.getTab();
  function yasqe() { return yasgui.getTab().getYasqe(); }
  tab.setQuery(data.start);
  function follow() {
    share.href = "/editor?query=" + encodeURIComponent(yasqe().getValue());
  }
  yasqe().on("change", follow);
  yasgui.on("query", function (instance, queried) { lastQuery = queried.getQuery(); });
  follow();
  new MutationObserver(function () { relink(document.getElementById("yasgui")); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  document.getElementById("examples").addEventListener("change", function (event) {
    var name = event.target.value;
    data.examples.forEach(function (e) { if (e.name === name) { yasqe().setValue(e.query); follow(); } });
  });
})();
