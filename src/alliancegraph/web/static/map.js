// The selection on a map: Natural Earth boundaries (world-atlas, vendored) drawn with d3,
// records as circles coloured by bloc and sized by personnel, a year slider. Nothing is
// loaded from another origin. Labels are set with textContent, never parsed as HTML.
(function () {
  "use strict";
  const svg = d3.select("#map");
  const query = svg.attr("data-query");
  const [, , width, height] = svg.attr("viewBox").split(" ").map(Number);
  const colour = d3.scaleOrdinal(["CSTO", "NATO", "SCO", "several", "other"],
    ["#b03a2e", "#2a5db0", "#7d3c98", "#b9770e", "#5d6d7e"]);
  const slider = document.getElementById("map-year");
  const label = document.getElementById("map-year-label");
  const message = document.getElementById("map-message");
  const list = document.getElementById("map-list");
  const projection = d3.geoNaturalEarth1();
  const path = d3.geoPath(projection);
  const layer = svg.append("g");
  svg.call(d3.zoom().scaleExtent([1, 8]).on("zoom", (ev) => layer.attr("transform", ev.transform)));

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function legend(blocs) {
    const ul = document.getElementById("map-legend");
    for (const b of blocs) {
      const li = el("li");
      const sw = el("span", null, { class: "swatch", "aria-hidden": "true" });
      sw.style.background = colour(b);
      li.appendChild(sw); li.appendChild(document.createTextNode(" " + b));
      ul.appendChild(li);
    }
  }

  Promise.all([
    fetch("/static/vendor/countries-110m.json").then((r) => r.json()),
    fetch("/api/map" + (query ? "?" + query : "")).then((r) => r.json().then((body) => ({ ok: r.ok, body }))),
  ]).then(([topo, { ok, body }]) => {
    const land = topojson.feature(topo, topo.objects.countries);
    projection.fitSize([width, height], { type: "Sphere" });
    layer.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    layer.append("g").attr("class", "land").selectAll("path").data(land.features).join("path")
      .attr("d", path).append("title").text((d) => d.properties.name);
    layer.append("path").attr("class", "borders")
      .attr("d", path(topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b)));
    if (!ok) { message.textContent = body.error ? body.error.message : "could not load the selection"; return; }
    const points = body.points;
    legend(body.blocs);
    // records placed at the same country are spread on a small ring
    const groups = d3.group(points, (p) => p.placed_at);
    for (const g of groups.values()) {
      g.forEach((p, i) => {
        const [x, y] = projection([p.lon, p.lat]);
        const a = (2 * Math.PI * i) / g.length, r = g.length > 1 ? 4 + g.length : 0;
        p.x = x + r * Math.cos(a); p.y = y + r * Math.sin(a);
      });
    }
    const size = d3.scaleSqrt([0, d3.max(points, (p) => p.personnel || 0) || 1], [3, 18]);
    const dots = layer.append("g").attr("class", "points").selectAll("a").data(points).join("a")
      .attr("href", (p) => "/records/" + encodeURIComponent(p.id) + (query ? "?" + query : ""))
      .attr("data-testid", "map-point").attr("aria-label", (p) => p.title);
    dots.append("circle").attr("cx", (p) => p.x).attr("cy", (p) => p.y)
      .attr("r", (p) => (p.personnel ? size(p.personnel) : 4)).attr("fill", (p) => colour(p.bloc))
      .append("title").text((p) => `${p.title} · ${p.placed_at} (${p.placed_by}) · ${p.bloc}` +
        (p.personnel ? ` · ${p.personnel.toLocaleString("en")} personnel` : ""));
    const years = [...new Set(points.map((p) => p.year).filter((y) => y !== null))].sort((a, b) => a - b);
    slider.min = 0; slider.max = years.length; slider.value = 0;
    function show() {
      const i = +slider.value;
      const year = i === 0 ? null : years[i - 1];
      label.textContent = year === null ? "all years" : String(year);
      slider.setAttribute("aria-valuetext", label.textContent);
      dots.style("display", (p) => (year === null || p.year === year ? null : "none"));
      const shown = points.filter((p) => year === null || p.year === year);
      list.replaceChildren();
      for (const p of shown) {
        const li = el("li");
        li.appendChild(el("a", p.title, { href: "/records/" + encodeURIComponent(p.id) + (query ? "?" + query : "") }));
        li.appendChild(el("span", ` ${p.type} · ${p.placed_at} · ${p.bloc}`, { class: "muted" }));
        list.appendChild(li);
      }
      message.textContent = `${shown.length} record(s) shown` + (body.unplaced ? `; ${body.unplaced} could not be placed` : "");
    }
    slider.addEventListener("input", show);
    document.getElementById("map-all").addEventListener("click", () => { slider.value = 0; show(); });
    show();
    svg.attr("data-ready", "1");
  });
})();
