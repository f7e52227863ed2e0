// Force-directed network of countries, organizations and exercises (d3, served locally).
// Labels are set with .text(): article-derived strings are never parsed as HTML.
(function () {
  "use strict";
  const svg = d3.select("#network");
  const width = +svg.attr("width"), height = +svg.attr("height");
  const colour = { country: "#2a5db0", organization: "#c0392b", exercise: "#27ae60" };
  const layer = svg.append("g");
  svg.call(d3.zoom().scaleExtent([0.2, 5]).on("zoom", (ev) => layer.attr("transform", ev.transform)));

  function draw(data) {
    layer.selectAll("*").remove();
    const sim = d3.forceSimulation(data.nodes)
      .force("link", d3.forceLink(data.links).id((d) => d.id).distance(60))
      .force("charge", d3.forceManyBody().strength(-140))
      .force("center", d3.forceCenter(width / 2, height / 2));
    const link = layer.append("g").attr("stroke", "#b8c2d6").selectAll("line").data(data.links).join("line");
    const node = layer.append("g").selectAll("g").data(data.nodes).join("g").attr("class", "node")
      .attr("data-kind", (d) => d.kind)
      .on("click", (ev, d) => { window.location.href = d.url; })
      .call(d3.drag()
        .on("start", (ev, d) => { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
        .on("drag", (ev, d) => { d.fx = ev.x; d.fy = ev.y; })
        .on("end", (ev, d) => { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
    node.append("circle").attr("r", (d) => (d.kind === "exercise" ? 5 : 8)).attr("fill", (d) => colour[d.kind]);
    node.append("text").attr("x", 10).attr("y", 4).text((d) => d.label);
    node.append("title").text((d) => d.label);
    sim.on("tick", () => {
      link.attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
          .attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
      node.attr("transform", (d) => `translate(${d.x},${d.y})`);
    });
  }

  function load() {
    const form = new FormData(document.getElementById("net-filters"));
    const params = new URLSearchParams();
    for (const [k, v] of form.entries()) if (v) params.set(k, v);
    fetch("/api/network?" + params.toString()).then((r) => r.json()).then(draw);
  }
  document.getElementById("net-filters").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  load();
})();
