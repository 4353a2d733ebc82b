/* relgraph serve: the search boxes' type-ahead. Every text from the server is put on the page with
 * textContent, never as HTML. An input with data-typeahead="go" opens the chosen entity's page;
 * with data-typeahead="fill" it takes the entity's name (a query form's parameter). */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function attach(input) {
    var mode = input.getAttribute("data-typeahead");
    var list = el("ul", "typeahead");
    list.setAttribute("role", "listbox");
    list.hidden = true;
    list.id = "typeahead-" + Math.random().toString(36).slice(2);
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.parentNode.insertBefore(list, input.nextSibling);
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() { list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false"); }

    function choose(i) {
      var item = results[i];
      if (!item) return;
      if (mode === "go") {
        window.location.href = item.href;
      } else {
        input.value = item.label;
        close();
      }
    }

    function highlight(i) {
      var items = list.children;
      for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
    }

    function show(found) {
      results = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var li = el("li", "option");
        li.setAttribute("role", "option");
        li.appendChild(el("span", "label", item.label));
        if (item.matched && item.matched !== item.label) li.appendChild(el("span", "also", "“" + item.matched + "”"));
        if (item["class"]) li.appendChild(el("span", "class", item["class"]));
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { show([]); return; }
      var mine = ++asked;
      fetch("/api/search?q=" + encodeURIComponent(text) + "&limit=10", { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === asked) show(data.results || []); })
        .catch(function () { show([]); });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { highlight(Math.min(active + 1, results.length - 1)); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(Math.max(active - 1, 0)); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { choose(active); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-typeahead]"), attach);
})();
