// Force-directed network of countries, organizations and exercises (d3, served locally) for
// the selection in the URL. Roles (host, participant, organizer) are drawn as link styles;
// nodes do not overlap (collision force); labels never overlap: a label is shown only where it
// does not collide with one already placed (busiest nodes first), the others on hover, and
// zooming in makes room for more. Fit to view on load and on demand; bad input is a message.
// Labels are set with .text(): article-derived strings are never parsed as HTML.
(function () {
  "use strict";
  const svg = d3.select("#network");
  const query = svg.attr("data-query");
  const [, , width, height] = svg.attr("viewBox").split(" ").map(Number);
  const message = document.getElementById("net-message");
  const radius = { country: 8, organization: 9, exercise: 5 };
  const layer = svg.append("g");
  let scale = 1, nodeSel = null, nodes = [];
  const zoom = d3.zoom().scaleExtent([0.2, 8])
    .on("zoom", (ev) => { layer.attr("transform", ev.transform); })
    .on("end", (ev) => { if (ev.transform.k !== scale) { scale = ev.transform.k; placeLabels(); } });
  svg.call(zoom);

  function say(text) { message.textContent = text; }

  function placeLabels() {
    if (!nodeSel) return;
    const size = 11 / scale;
    nodeSel.select("text").style("font-size", size + "px").attr("x", (d) => radius[d.kind] + 2).attr("y", size * 0.35);
    nodeSel.classed("labelled", true);  // measure every label as drawn
    for (const d of nodes) d.box = d.labelEl.getBBox();
    const kept = [];
    const pad = 1 / scale;
    const order = [...nodes].sort((a, b) => b.degree - a.degree || (a.kind === "exercise") - (b.kind === "exercise"));
    const visible = new Set();
    for (const d of order) {
      if (d.kind === "exercise" && scale < 1.6) continue;
      const b = d.box;
      const box = { x0: d.x + b.x - pad, y0: d.y + b.y - pad, x1: d.x + b.x + b.width + pad, y1: d.y + b.y + b.height + pad };
      if (kept.some((k) => box.x0 < k.x1 && k.x0 < box.x1 && box.y0 < k.y1 && k.y0 < box.y1)) continue;
      kept.push(box);
      visible.add(d.id);
    }
    nodeSel.classed("labelled", (d) => visible.has(d.id));
  }

  function fit() {
    if (!nodes.length) return;
    const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
    const x0 = d3.min(xs) - 20, x1 = d3.max(xs) + 120, y0 = d3.min(ys) - 20, y1 = d3.max(ys) + 20;
    const k = Math.min(3, 0.95 * Math.min(width / (x1 - x0), height / (y1 - y0)));
    const t = d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
    svg.call(zoom.transform, t);
    scale = k;
    placeLabels();
  }

  function draw(data) {
    layer.selectAll("*").remove();
    nodes = data.nodes;
    if (!nodes.length) { say("Nothing in this selection: widen the years or clear a filter."); svg.attr("data-ready", "1"); return; }
    const degree = new Map();
    for (const l of data.links) for (const e of [l.source, l.target]) degree.set(e, (degree.get(e) || 0) + 1);
    for (const n of nodes) n.degree = degree.get(n.id) || 0;
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(data.links).id((d) => d.id).distance(55))
      .force("charge", d3.forceManyBody().strength(-160))
      .force("collide", d3.forceCollide((d) => radius[d.kind] + 6))
      .force("x", d3.forceX(width / 2).strength(0.04)).force("y", d3.forceY(height / 2).strength(0.06))
      .stop();
    for (let i = 0; i < 300; i++) sim.tick();
    const link = layer.append("g").attr("class", "links").selectAll("line").data(data.links).join("line")
      .attr("class", (d) => "r-" + d.role).attr("data-role", (d) => d.role);
    link.append("title").text((d) => `${d.source.label} — ${d.role} — ${d.target.label}`);
    nodeSel = layer.append("g").selectAll("g").data(nodes).join("g").attr("class", "node")
      .attr("data-kind", (d) => d.kind)
      .on("click", (ev, d) => { if (!ev.defaultPrevented) window.location.href = d.url + (query ? "?" + query : ""); })
      .call(d3.drag()
        .on("start", (ev, d) => { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
        .on("drag", (ev, d) => { d.fx = ev.x; d.fy = ev.y; })
        .on("end", (ev, d) => { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
    nodeSel.each(function (d) {
      const g = d3.select(this);
      if (d.kind === "organization") g.append("rect").attr("x", -9).attr("y", -9).attr("width", 18).attr("height", 18).attr("class", "k-organization");
      else g.append("circle").attr("r", radius[d.kind]).attr("class", "k-" + d.kind);
      d.labelEl = g.append("text").attr("y", 4).text(d.label).node();
      g.append("title").text(`${d.label} (${d.kind})`);
    });
    function place() {
      link.attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
        .attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
      nodeSel.attr("transform", (d) => `translate(${d.x},${d.y})`);
    }
    place();
    sim.on("tick", place).on("end", placeLabels);
    say(`${nodes.filter((n) => n.kind === "exercise").length} exercise(s), ${nodes.filter((n) => n.kind === "country").length} countries`);
    fit();
    svg.attr("data-ready", "1");
  }

  document.getElementById("net-fit").addEventListener("click", fit);
  fetch("/api/network" + (query ? "?" + query : ""))
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) { say((body.error && body.error.message) || "The network could not be loaded."); svg.attr("data-ready", "1"); return; }
      draw(body);
    })
    .catch(() => { say("The network could not be loaded; is the server running?"); svg.attr("data-ready", "1"); });
})();
