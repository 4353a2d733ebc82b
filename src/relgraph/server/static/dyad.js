/* The dyad page's chart: each coded item's Goldstein score by date (points) and the running mean
 * (a line), drawn with uPlot from the page's JSON block. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var box = document.getElementById("chart");
  if (!data.dates.length || typeof uPlot === "undefined") { box.textContent = "No dated, coded items to chart."; return; }
  var xs = data.dates.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
  var opts = {
    width: Math.min(box.clientWidth || 800, 1000),
    height: 260,
    scales: { x: { time: true }, y: { range: [-10, 10] } },
    axes: [{}, { label: "Goldstein" }],
    series: [
      {},
      { label: "item", stroke: "#1f5fa8", width: 0, points: { show: true, size: 8, fill: "#1f5fa8" } },
      { label: "running mean", stroke: "#c0392b", width: 2 }
    ]
  };
  window.relgraphChart = new uPlot(opts, [xs, data.scores, data.mean], box);
})();
