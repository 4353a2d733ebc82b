/* The SPARQL editor: YASGUI (bundled) pointed at this server's /sparql, the canned queries as
 * starting points, and a shareable link (/editor?query=...) that follows the text. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("editor-data").textContent);
  var share = document.getElementById("share");
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: true
  });
  window.relgraphEditor = yasgui;
  var tab = yasgui.getTab();
  function yasqe() { return yasgui.getTab().getYasqe(); }
  tab.setQuery(data.start);
  function follow() {
    share.href = "/editor?query=" + encodeURIComponent(yasqe().getValue());
  }
  yasqe().on("change", follow);
  follow();
  document.getElementById("examples").addEventListener("change", function (event) {
    var name = event.target.value;
    data.examples.forEach(function (e) { if (e.name === name) { yasqe().setValue(e.query); follow(); } });
  });
})();
