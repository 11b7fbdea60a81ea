// Progressive enhancements only: every page reads and works without this file.
(function () {
  "use strict";
  // "/" focuses the search box, as on many reading sites.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t instanceof HTMLInputElement) && !(t instanceof HTMLTextAreaElement)) {
      var box = document.getElementById("q") || document.getElementById("topq");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    }
  });

  // Phone: the facets panel above the results starts closed (one tap opens it); open on wide screens.
  var facets = document.querySelector("details.facets");
  if (facets && window.matchMedia("(max-width: 50rem)").matches) { facets.open = false; }

  // Advanced search: show the query the form builds as it is filled in (the server builds it: /api/advanced-query).
  var advanced = document.getElementById("advanced");
  if (advanced) {
    var shown = document.getElementById("built-query"), pending = null;
    var show = function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var params = new URLSearchParams(new FormData(advanced));
        fetch("/api/advanced-query?" + params.toString()).then(function (r) { return r.json(); })
          .then(function (data) { shown.textContent = data.query; }).catch(function () {});
      }, 150);
    };
    advanced.addEventListener("input", show);
    advanced.addEventListener("change", show);
  }

  // Histogram: drag across the bars to narrow the search to that range of months.
  function brushable(hist) {
    var bars = hist.querySelector("svg.bars"), brush = null, start = null, moved = false;
    var first = hist.getAttribute("data-first"), last = hist.getAttribute("data-last");
    function index(month) { return parseInt(month.slice(0, 4), 10) * 12 + parseInt(month.slice(5, 7), 10) - 1; }
    function month(i) { var m = i % 12 + 1; return Math.floor(i / 12) + "-" + (m < 10 ? "0" : "") + m; }
    var lo = index(first), span = index(last) - lo + 1;
    function at(e) {  // the month under the pointer
      var box = bars.getBoundingClientRect();
      return Math.max(0, Math.min(span - 1, Math.floor((e.clientX - box.left) / box.width * span)));
    }
    bars.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) { return; }
      start = at(e); moved = false;
      brush = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      brush.setAttribute("class", "brush"); brush.setAttribute("y", "0"); brush.setAttribute("height", "80");
      brush.setAttribute("x", start); brush.setAttribute("width", "1");
      bars.appendChild(brush);
      bars.setPointerCapture(e.pointerId);
    });
    bars.addEventListener("pointermove", function (e) {
      if (start === null) { return; }
      var here = at(e);
      if (here !== start) { moved = true; hist.classList.add("dragging"); }
      brush.setAttribute("x", Math.min(start, here)); brush.setAttribute("width", Math.abs(here - start) + 1);
    });
    bars.addEventListener("pointerup", function (e) {
      if (start === null) { return; }
      var here = at(e), a = Math.min(start, here), b = Math.max(start, here);
      start = null; hist.classList.remove("dragging");
      if (!moved) { brush.remove(); return; }  // a click: the bar's own link takes it
      e.preventDefault();
      var params = new URLSearchParams(location.search);
      params.set("q", hist.getAttribute("data-query")); params.set("from", month(lo + a)); params.set("to", month(lo + b));
      params.delete("page");
      location.href = "/?" + params.toString();
    });
    bars.addEventListener("click", function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);
  }

  document.querySelectorAll("svg.histogram").forEach(brushable);

  // Search page: the hits come first; the counts over the whole result (facets, coverage line,
  // histogram) are asked for now and put in place (without scripts, a link asks the page for them).
  var refining = document.querySelector("[data-refine]");
  if (refining) {
    fetch(refining.getAttribute("data-refine")).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (text) {
      var parts = new DOMParser().parseFromString(text, "text/html");
      ["facet-lists", "result-overview"].forEach(function (id) {
        var from = parts.getElementById(id), to = document.getElementById(id);
        if (from && to) { to.replaceChildren.apply(to, Array.prototype.slice.call(from.childNodes)); }
      });
      refining.removeAttribute("data-refine");
      document.querySelectorAll("#result-overview svg.histogram").forEach(brushable);
    }).catch(function () {});  // the link to the counts stays
  }

  // Thread view: nodes placed by date, one lane per origin, coloured by origin, clickable.
  var holder = document.getElementById("thread-graph");
  if (!holder) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  // x: time, linear (a cable missing from the archive sits at the start of its id's year); y: one lane per origin.
  function when(n) {
    if (n.created) { return Date.parse(n.created.slice(0, 10)); }
    var yy = parseInt(n.reference_id.slice(0, 2), 10);
    return isNaN(yy) ? null : Date.UTC(yy > 50 ? 1900 + yy : 2000 + yy, 0, 1);
  }
  fetch(holder.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
    var nodes = data.nodes || [];
    if (nodes.length < 2) { return; }
    var origins = [];
    nodes.forEach(function (n) { if (origins.indexOf(n.origin_code) < 0) { origins.push(n.origin_code); } });
    var times = nodes.map(when).filter(function (t) { return t !== null; });
    var t0 = Math.min.apply(null, times), t1 = Math.max.apply(null, times);
    var y0 = new Date(t0).getUTCFullYear(), y1 = new Date(t1).getUTCFullYear() + 1;
    t0 = Date.UTC(y0, 0, 1); t1 = Date.UTC(y1, 0, 1);
    var width = 900, lane = 32, left = 110, right = 20, top = 14, plotH = origins.length * lane;
    var legendY = top + plotH + 34, height = legendY + 24;
    var x = function (t) { return left + (t === null ? 0 : (t - t0) / (t1 - t0) * (width - left - right)); };
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    var title = el("title", {}); title.textContent = "Citation graph of the thread, by date and origin"; svg.appendChild(title);
    // the date axis: a tick and label every year (every few years over long spans)
    var step = Math.max(1, Math.ceil((y1 - y0) / 12));
    svg.appendChild(el("line", { x1: left, x2: width - right, y1: top + plotH + 4, y2: top + plotH + 4, "class": "axis" }));
    for (var y = y0; y <= y1; y += step) {
      var tx = x(Date.UTC(y, 0, 1));
      svg.appendChild(el("line", { x1: tx, x2: tx, y1: top, y2: top + plotH + 8, "class": "gridline" }));
      var label = el("text", { x: tx, y: top + plotH + 20, "class": "year", "text-anchor": "middle" });
      label.textContent = y; svg.appendChild(label);
    }
    var pos = {};
    nodes.forEach(function (n) { pos[n.reference_id] = [x(when(n)), top + lane / 2 + origins.indexOf(n.origin_code) * lane]; });
    origins.forEach(function (o, i) {
      var name = el("text", { x: 4, y: top + lane / 2 + 4 + i * lane }); name.textContent = o || "?"; svg.appendChild(name);
    });
    nodes.forEach(function (n) {
      (n.cites || []).forEach(function (c) {
        if (pos[c]) {
          svg.appendChild(el("line", { x1: pos[n.reference_id][0], y1: pos[n.reference_id][1], x2: pos[c][0], y2: pos[c][1], "class": "edge" }));
        }
      });
    });
    var focus = holder.getAttribute("data-focus");
    nodes.forEach(function (n) {
      var hue = (origins.indexOf(n.origin_code) * 67) % 360;
      var circle = el("circle", { cx: pos[n.reference_id][0], cy: pos[n.reference_id][1], r: n.present ? 7 : 5,
        fill: n.present ? "hsl(" + hue + ",60%,45%)" : "#fff", stroke: "hsl(" + hue + ",60%,35%)", "stroke-width": 2,
        "class": n.reference_id === focus ? "node focus" : "node", "data-id": n.reference_id });
      var tip = el("title", {});
      tip.textContent = n.reference_id + (n.present ? " (" + (n.created || "").slice(0, 10) + "): " + (n.subject || "") : " (not in this archive)");
      circle.appendChild(tip);
      if (n.present) {
        var link = el("a", { href: "/cable/" + encodeURIComponent(n.reference_id) });
        link.appendChild(circle); svg.appendChild(link);
      } else { svg.appendChild(circle); }
    });
    // the legend: what the marks mean
    var legend = el("g", { "class": "legend", transform: "translate(" + left + "," + legendY + ")" });
    [["circle", { cx: 6, cy: 0, r: 7, fill: "#4a78b5", stroke: "#2f5585", "stroke-width": 2 }, "in this archive (click to read)"],
     ["circle", { cx: 236, cy: 0, r: 5, fill: "#fff", stroke: "#2f5585", "stroke-width": 2 }, "cited, not in this archive"],
     ["line", { x1: 440, x2: 470, y1: 0, y2: 0, "class": "edge" }, "cites"],
     ["circle", { cx: 560, cy: 0, r: 9, fill: "none", "class": "focus" }, "the cable this thread is around"]
    ].forEach(function (item, i) {
      legend.appendChild(el(item[0], item[1]));
      var start = [18, 246, 476, 574][i];
      var text = el("text", { x: start, y: 4 }); text.textContent = item[2]; legend.appendChild(text);
    });
    svg.appendChild(legend);
    holder.appendChild(svg);
    holder.removeAttribute("aria-hidden");
  }).catch(function () { /* the list below is the accessible view */ });
})();
