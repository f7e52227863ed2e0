// A country's partners per year, stacked by bloc (d3, served locally).
(function () {
  "use strict";
  const svg = d3.select("#vectors");
  const country = svg.attr("data-country");
  const width = +svg.attr("width"), height = +svg.attr("height");
  const margin = { top: 20, right: 120, bottom: 30, left: 40 };
  const blocs = ["CSTO", "NATO", "SCO", "other"];
  const colour = d3.scaleOrdinal(blocs, ["#c0392b", "#2a5db0", "#8e44ad", "#7f8c8d"]);
  fetch("/api/vectors/" + encodeURIComponent(country)).then((r) => r.json()).then((v) => {
    const byYear = new Map();
    for (const bloc of blocs) {
      for (const p of v.blocs[bloc] || []) {
        for (const y of p.years) {
          const row = byYear.get(y) || Object.fromEntries([["year", y], ...blocs.map((b) => [b, 0])]);
          row[bloc] += 1;
          byYear.set(y, row);
        }
      }
    }
    const rows = [...byYear.values()].sort((a, b) => a.year - b.year);
    if (!rows.length) { svg.append("text").attr("x", 20).attr("y", 40).text("No dated partners yet."); return; }
    const x = d3.scaleBand(rows.map((r) => r.year), [margin.left, width - margin.right]).padding(0.2);
    const stack = d3.stack().keys(blocs)(rows);
    const y = d3.scaleLinear([0, d3.max(stack, (s) => d3.max(s, (d) => d[1]))], [height - margin.bottom, margin.top]).nice();
    svg.append("g").selectAll("g").data(stack).join("g").attr("fill", (s) => colour(s.key))
      .selectAll("rect").data((s) => s).join("rect")
      .attr("x", (d) => x(d.data.year)).attr("y", (d) => y(d[1]))
      .attr("height", (d) => y(d[0]) - y(d[1])).attr("width", x.bandwidth())
      .append("title").text((d) => `${d.data.year}`);
    svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x));
    svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
    const legend = svg.append("g").attr("transform", `translate(${width - margin.right + 10},${margin.top})`);
    blocs.forEach((b, i) => {
      legend.append("rect").attr("y", i * 18).attr("width", 12).attr("height", 12).attr("fill", colour(b));
      legend.append("text").attr("x", 18).attr("y", i * 18 + 10).text(b);
    });
  });
})();
