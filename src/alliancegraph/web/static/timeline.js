// The selection on a real time axis (d3, served locally): one row per series, each edition a
// bar from its start to its end (a year or month when that is all the sources give), disputed
// editions outlined dashed. Scroll or pinch to zoom the axis; drag across the band under the
// axis to choose a year range (the page reloads with from/to set, other filters kept).
(function () {
  "use strict";
  const svg = d3.select("#timeaxis");
  const query = svg.attr("data-query");
  const colour = d3.scaleOrdinal(["CSTO", "NATO", "SCO", "several", "other"],
    ["#b03a2e", "#2a5db0", "#7d3c98", "#b9770e", "#5d6d7e"]);
  const width = 1100, row = 16;
  const margin = { top: 10, right: 20, bottom: 56, left: 190 };

  function parse(value, end) {
    const [y, m, d] = value.split("-").map(Number);
    if (d) return end ? new Date(Date.UTC(y, m - 1, d + 1)) : new Date(Date.UTC(y, m - 1, d));
    if (m) return end ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y, m - 1, 1));
    return end ? new Date(Date.UTC(y + 1, 0, 1)) : new Date(Date.UTC(y, 0, 1));
  }

  fetch("/api/timeline" + (query ? "?" + query : "")).then((r) => r.json()).then((tl) => {
    const spans = (tl.spans || []).map((s) => Object.assign(s, { t0: parse(s.start, false), t1: parse(s.end, true) }))
      .filter((s) => s.t1 > s.t0);
    if (!spans.length) { svg.attr("viewBox", "0 0 1100 40").append("text").attr("x", 10).attr("y", 25).text("No dated records in this selection."); return; }
    const series = [...new Set(spans.sort((a, b) => a.t0 - b.t0).map((s) => s.series))];
    const height = margin.top + series.length * row + margin.bottom;
    svg.attr("viewBox", `0 0 ${width} ${height}`);
    const x0 = d3.scaleUtc([d3.min(spans, (s) => s.t0), d3.max(spans, (s) => s.t1)], [margin.left, width - margin.right]).nice();
    let x = x0;
    const y = d3.scaleBand(series, [margin.top, margin.top + series.length * row]).padding(0.2);
    svg.append("defs").append("clipPath").attr("id", "tl-clip").append("rect")
      .attr("x", margin.left).attr("y", 0).attr("width", width - margin.left - margin.right).attr("height", height);
    svg.append("g").attr("class", "series-labels").selectAll("text").data(series).join("text")
      .attr("x", margin.left - 6).attr("y", (s) => y(s) + y.bandwidth() / 2 + 4).attr("text-anchor", "end")
      .text((s) => (s.length > 28 ? s.slice(0, 27) + "…" : s)).append("title").text((s) => s);
    const bars = svg.append("g").attr("clip-path", "url(#tl-clip)").selectAll("a").data(spans).join("a")
      .attr("href", (s) => "/records/" + encodeURIComponent(s.id) + (query ? "?" + query : ""))
      .attr("data-testid", "time-bar").attr("aria-label", (s) => `${s.title}: ${s.start} to ${s.end}`);
    const rects = bars.append("rect").attr("y", (s) => y(s.series)).attr("height", y.bandwidth())
      .attr("fill", (s) => colour(s.bloc)).attr("class", (s) => (s.disputed.length ? "disputed" : null));
    rects.append("title").text((s) => `${s.title}: ${s.start} – ${s.end}` + (s.disputed.length ? ` (sources disagree on ${s.disputed.join(", ")})` : ""));
    const axisY = margin.top + series.length * row;
    const axis = svg.append("g").attr("transform", `translate(0,${axisY})`);
    function render() {
      rects.attr("x", (s) => x(s.t0)).attr("width", (s) => Math.max(3, x(s.t1) - x(s.t0)));
      axis.call(d3.axisBottom(x).ticks(Math.min(12, width / 90)));
    }
    render();
    svg.call(d3.zoom().scaleExtent([1, 200]).translateExtent([[margin.left, 0], [width - margin.right, height]])
      .extent([[margin.left, 0], [width - margin.right, height]])
      .on("zoom", (ev) => { x = ev.transform.rescaleX(x0); render(); }));
    const brushY = axisY + 26;
    const brush = d3.brushX().extent([[margin.left, brushY], [width - margin.right, brushY + 22]])
      .on("end", (ev) => {
        if (!ev.selection || !ev.sourceEvent) return;
        const [a, b] = ev.selection.map((v) => x.invert(v).getUTCFullYear());
        const params = new URLSearchParams(window.location.search);
        params.set("from", String(Math.min(a, b))); params.set("to", String(Math.max(a, b)));
        window.location.href = window.location.pathname + "?" + params.toString();
      });
    const bg = svg.append("g").attr("class", "brush").attr("data-testid", "time-brush").call(brush);
    bg.select(".overlay").append("title").text("drag to choose years");
    svg.append("text").attr("x", margin.left - 6).attr("y", brushY + 15).attr("text-anchor", "end").attr("class", "muted-text").text("drag to set years →");
    svg.attr("data-ready", "1");
  });
})();
