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

  // Thread view: nodes placed by date, one lane per origin, coloured by origin, clickable.
  var holder = document.getElementById("thread-graph");
  if (!holder) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  fetch(holder.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
    var nodes = data.nodes || [];
    if (nodes.length < 2) { return; }
    var origins = [];
    nodes.forEach(function (n) { if (origins.indexOf(n.origin_code) < 0) { origins.push(n.origin_code); } });
    var width = 900, lane = 36, left = 110, height = origins.length * lane + 30;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    var title = el("title", {}); title.textContent = "Citation graph of the thread"; svg.appendChild(title);
    var pos = {};
    nodes.forEach(function (n, i) {
      var x = left + (nodes.length === 1 ? 0 : i * (width - left - 30) / (nodes.length - 1));
      var y = 20 + origins.indexOf(n.origin_code) * lane;
      pos[n.reference_id] = [x, y];
    });
    origins.forEach(function (o, i) {
      var label = el("text", { x: 4, y: 24 + i * lane }); label.textContent = o || "?"; svg.appendChild(label);
    });
    nodes.forEach(function (n) {
      (n.cites || []).forEach(function (c) {
        if (pos[c]) {
          svg.appendChild(el("line", { x1: pos[n.reference_id][0], y1: pos[n.reference_id][1], x2: pos[c][0], y2: pos[c][1], "class": "edge" }));
        }
      });
    });
    nodes.forEach(function (n) {
      var hue = (origins.indexOf(n.origin_code) * 67) % 360;
      var circle = el("circle", { cx: pos[n.reference_id][0], cy: pos[n.reference_id][1], r: n.present ? 7 : 5,
        fill: n.present ? "hsl(" + hue + ",60%,45%)" : "#fff", stroke: "hsl(" + hue + ",60%,35%)", "stroke-width": 2 });
      var tip = el("title", {}); tip.textContent = n.reference_id + (n.subject ? ": " + n.subject : " (not in archive)");
      circle.appendChild(tip);
      if (n.present) {
        var link = el("a", { href: "/cable/" + encodeURIComponent(n.reference_id) });
        link.appendChild(circle); svg.appendChild(link);
      } else { svg.appendChild(circle); }
    });
    holder.appendChild(svg);
    holder.removeAttribute("aria-hidden");
  }).catch(function () { /* the list below is the accessible view */ });
})();
