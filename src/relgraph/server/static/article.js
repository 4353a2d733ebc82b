/* The article page: selecting a highlighted sentence shows what it supports, who said it and how.
 * The data comes from a JSON block; every text is put on the page with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("supports-data").textContent);
  var body = document.getElementById("panel-body");
  var hint = document.getElementById("panel-hint");
  var current = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function show(mark) {
    var info = data[mark.getAttribute("data-anchor")];
    if (!info) return;
    if (current) current.classList.remove("selected");
    current = mark;
    mark.classList.add("selected");
    body.textContent = "";
    hint.hidden = true;
    body.appendChild(el("blockquote", "sentence", info.sentence));
    var said = el("p", "said");
    if (info.speakers.length) {
      said.appendChild(document.createTextNode("Said by "));
      info.speakers.forEach(function (s, i) {
        if (i) said.appendChild(document.createTextNode(", "));
        said.appendChild(link(s.href, s.label));
      });
    } else {
      said.appendChild(document.createTextNode("The article's own words"));
    }
    if (info.mode) said.appendChild(document.createTextNode(" · " + info.mode));
    if (info.quoted_from) {
      said.appendChild(document.createTextNode(" · quoting "));
      said.appendChild(link(info.quoted_from.href, info.quoted_from.label));
    }
    body.appendChild(said);
    body.appendChild(el("h3", null, info.supports.length ? "It supports" : "No fact points to this sentence"));
    var list = el("ul", "supports");
    info.supports.forEach(function (s) {
      var li = el("li");
      li.appendChild(link(s.href, s.label));
      if (s.predicate) {
        li.appendChild(document.createTextNode(" " + s.predicate + " "));
        li.appendChild(s.object_href ? link(s.object_href, s.object) : el("span", "value", s.object));
      }
      if (s.status) li.appendChild(el("span", "status", s.status));
      list.appendChild(li);
    });
    body.appendChild(list);
    if (history.replaceState) history.replaceState(null, "", "#" + mark.id);
  }

  var marks = document.querySelectorAll("mark.mention");
  Array.prototype.forEach.call(marks, function (mark) {
    mark.addEventListener("click", function () { show(mark); });
    mark.addEventListener("mouseenter", function () { if (!current) show(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { show(mark); event.preventDefault(); }
    });
  });
  // A link to a sentence (ARTICLE#char=B,E, the mention's IRI) opens it.
  var wanted = decodeURIComponent(window.location.hash.slice(1));
  if (wanted) {
    var target = document.getElementById(wanted);
    if (target && target.classList.contains("mention")) { show(target); target.scrollIntoView({ block: "center" }); }
  }
  window.relgraphArticle = { show: show };
})();
