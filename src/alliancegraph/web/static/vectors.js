// A country's engagements per year stacked by bloc (d3, served locally). A segment opens the
// engagements it counts, with their evidence; a toggle shows counts or shares of the year.
// Text from articles is written with textContent, never parsed as HTML.
(function () {
  "use strict";
  const svg = d3.select("#vectors");
  const country = svg.attr("data-country");
  const query = svg.attr("data-query");
  const [, , width, height] = svg.attr("viewBox").split(" ").map(Number);
  const margin = { top: 20, right: 110, bottom: 30, left: 45 };
  const colour = d3.scaleOrdinal(["CSTO", "NATO", "SCO", "other"], ["#b03a2e", "#2a5db0", "#7d3c98", "#5d6d7e"]);
  const detail = document.getElementById("vec-detail");
  let data = null;

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function sentence(ev) {
    const q = el("blockquote", null, { class: "sentence", "data-testid": "engagement-evidence" });
    for (const [text, mark] of ev.parts) q.appendChild(mark ? el("mark", text) : document.createTextNode(text));
    const f = el("footer");
    f.appendChild(el("a", `${ev.document}, sentence ${ev.sentence + 1}`, { class: "evidence",
      href: `/documents/${encodeURIComponent(ev.document_id)}?start=${ev.start}&end=${ev.end}#s${ev.sentence}` }));
    q.appendChild(f);
    return q;
  }

  function open(year, bloc) {
    const params = new URLSearchParams(query || "");
    params.set("year", year === null ? "undated" : String(year)); params.set("bloc", bloc);
    fetch(`/api/vectors/${encodeURIComponent(country)}/segment?${params}`)
      .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        detail.replaceChildren();
        if (!ok) { detail.appendChild(el("p", body.error ? body.error.message : "could not load", { class: "message" })); return; }
        const list = body.engagements;
        detail.appendChild(el("h3", `${data.country} · ${bloc} · ${year}: ${body.total} engagement(s)` +
          (body.total > list.length ? ` (first ${list.length} listed; narrow the selection for the rest)` : ""),
          { "data-testid": "vectors-detail-title" }));
        const ul = el("ul", null, { class: "engagements" });
        for (const e of list) {
          const li = el("li", null, { "data-testid": "engagement" });
          li.appendChild(el("span", e.type, { class: "tag" }));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("a", e.title, { href: "/records/" + encodeURIComponent(e.record) + (query ? "?" + query : "") }));
          const basis = e.basis === "organizer" ? "organizer's bloc" : e.basis === "partners" ? "partners' blocs" : "no bloc";
          li.appendChild(el("span", ` ${e.role}; counted for ${e.blocs.join(", ")} (${basis}); with ${e.partners.join(", ") || "no other party"}`, { class: "muted" }));
          for (const ev of e.evidence) li.appendChild(sentence(ev));
          ul.appendChild(li);
        }
        detail.appendChild(ul);
        detail.scrollIntoView({ block: "nearest" });
      });
  }

  function draw(mode) {
    svg.selectAll("*").remove();
    const blocs = data.blocs;
    const rows = data.years.filter((r) => r.year !== null).map((r) => {
      const sum = d3.sum(blocs, (b) => r[b]) || 1;
      return Object.fromEntries([["year", r.year], ...blocs.map((b) => [b, mode === "share" ? r[b] / sum : r[b]])]);
    });
    if (!rows.length) { svg.append("text").attr("x", 20).attr("y", 40).text("No dated engagements in this selection."); return; }
    const x = d3.scaleBand(rows.map((r) => r.year), [margin.left, width - margin.right]).padding(0.2);
    const stack = d3.stack().keys(blocs)(rows);
    const top = mode === "share" ? 1 : d3.max(stack, (s) => d3.max(s, (d) => d[1]));
    const y = d3.scaleLinear([0, top], [height - margin.bottom, margin.top]).nice();
    svg.append("g").selectAll("g").data(stack).join("g").attr("fill", (s) => colour(s.key))
      .selectAll("rect").data((s) => s.filter((d) => d[1] - d[0] > 0).map((d) => Object.assign(d, { key: s.key })))
      .join("rect")
      .attr("class", "segment").attr("data-testid", (d) => `segment-${d.data.year}-${d.key}`)
      .attr("tabindex", 0).attr("role", "button")
      .attr("aria-label", (d) => `${d.key} ${d.data.year}: ${mode === "share" ? Math.round((d[1] - d[0]) * 100) + "%" : d[1] - d[0]}`)
      .attr("x", (d) => x(d.data.year)).attr("y", (d) => y(d[1]))
      .attr("height", (d) => y(d[0]) - y(d[1])).attr("width", x.bandwidth())
      .on("click", (ev, d) => open(d.data.year, d.key))
      .on("keydown", (ev, d) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(d.data.year, d.key); } })
      .append("title").text((d) => `${d.key} ${d.data.year}: ${mode === "share" ? Math.round((d[1] - d[0]) * 100) + "%" : d[1] - d[0]} (click to list)`);
    svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x));
    svg.append("g").attr("transform", `translate(${margin.left},0)`)
      .call(mode === "share" ? d3.axisLeft(y).ticks(5, "%") : d3.axisLeft(y).ticks(Math.min(5, top)).tickFormat(d3.format("d")));
    const legend = svg.append("g").attr("transform", `translate(${width - margin.right + 10},${margin.top})`);
    blocs.forEach((b, i) => {
      legend.append("rect").attr("y", i * 18).attr("width", 12).attr("height", 12).attr("fill", colour(b));
      legend.append("text").attr("x", 18).attr("y", i * 18 + 10).text(`${b} (${data.totals[b]})`);
    });
  }

  fetch("/api/vectors/" + encodeURIComponent(country) + (query ? "?" + query : ""))
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) { svg.append("text").attr("x", 20).attr("y", 40).text(body.error ? body.error.message : "could not load"); return; }
      data = body;
      draw("count");
      for (const input of document.querySelectorAll("input[name=vec-mode]")) {
        input.addEventListener("change", () => draw(input.value));
      }
    });
})();
