// The timeline made interactive: the filters narrow the list in place (and the address, so the
// view can be shared), and the dated events are drawn on an axis at their precision (a dot for
// a day, a bar for a month or a year), coloured by the sides taking part, zoomable by period.
// Without this script the page is a plain list that the same filters narrow on the server.
"use strict";

(function () {
  const form = document.getElementById("timeline-filters");
  const axis = document.getElementById("axis");
  if (!form || !axis) return;
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = { armenian: "#d95f02", azerbaijani: "#1b9e77", both: "#7570b3", none: "#666666" };
  const SIDE_WORDS = {
    armenian: "Armenian side takes part",
    azerbaijani: "Azerbaijani side takes part",
    both: "both sides take part",
    none: "no side given",
  };
  const events = Array.from(document.querySelectorAll("li.event"));
  const dated = events.filter((li) => li.dataset.start);
  const allFirst = Math.min(...dated.map((li) => +li.dataset.firstYear));
  const allLast = Math.max(...dated.map((li) => +li.dataset.lastYear));

  function filters() {
    const data = new FormData(form);
    return {
      side: data.get("side") || "",
      kind: data.get("kind") || "",
      place: data.get("place") || "",
      from: data.get("from") ? +data.get("from") : null,
      to: data.get("to") ? +data.get("to") : null,
    };
  }

  function keeps(li, f) {
    if (f.side && !li.dataset.sides.split(" ").includes(f.side)) return false;
    if (f.kind && li.dataset.kind !== f.kind) return false;
    if (f.place && !li.dataset.places.split(" ").includes(f.place)) return false;
    if (li.dataset.start) {
      if (f.from !== null && +li.dataset.lastYear < f.from) return false;
      if (f.to !== null && +li.dataset.firstYear > f.to) return false;
    }
    return true;
  }

  // A date at its precision as the span of fractional years it covers.
  function span(value, precision) {
    const [y, m, d] = value.split("-").map(Number);
    if (precision === "year" || !m) return [y, y + 1];
    const monthStart = y + (m - 1) / 12;
    if (precision === "month" || !d) return [monthStart, monthStart + 1 / 12];
    const dayStart = monthStart + (d - 1) / 365;
    return [dayStart, dayStart + 1 / 365];
  }

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function draw(f, shown) {
    axis.hidden = false;
    axis.replaceChildren();
    const first = f.from !== null ? f.from : allFirst;
    const last = f.to !== null ? f.to : allLast;
    const width = Math.max(axis.clientWidth, 800);
    const left = 16;
    const right = 16;
    const lane = 16;
    const x = (t) => left + ((t - first) / (last + 1 - first)) * (width - left - right);
    const marks = shown
      .filter((li) => li.dataset.start)
      .map((li) => {
        const start = span(li.dataset.start, li.dataset.precision);
        const end = li.dataset.end ? span(li.dataset.end, li.dataset.endPrecision) : start;
        return { li, from: start[0], to: Math.max(end[1], start[1]) };
      })
      .filter((m) => m.to > first && m.from < last + 1)
      .sort((a, b) => a.from - b.from);
    const laneEnds = [];
    for (const mark of marks) {
      const x1 = Math.max(x(mark.from), left);
      const x2 = Math.min(Math.max(x(mark.to), x1 + 8), width - right);
      let row = laneEnds.findIndex((end) => end + 3 <= x1);
      if (row < 0) row = laneEnds.push(0) - 1;
      laneEnds[row] = x2;
      Object.assign(mark, { x1, x2, row });
    }
    const top = 8;
    const height = top + Math.max(laneEnds.length, 1) * lane + 40;
    const svg = el("svg", {
      width: String(width),
      height: String(height),
      viewBox: `0 0 ${width} ${height}`,
      "font-family": "sans-serif",
      "font-size": "13",
      "aria-hidden": "true",
      class: "axis-chart",
    });
    const axisY = top + Math.max(laneEnds.length, 1) * lane + 6;
    const years = last + 1 - first;
    const step = Math.max(1, Math.ceil(years / Math.floor((width - left - right) / 70)));
    for (let year = first; year <= last + 1; year += 1) {
      const at = x(year);
      el("line", { x1: at, x2: at, y1: top - 4, y2: axisY, stroke: "#e3e3ea" }, svg);
      if ((year - first) % step === 0 && year <= last) {
        const label = el("text", { x: at + 3, y: axisY + 18, fill: "#444", class: "year" }, svg);
        label.textContent = String(year);
        label.dataset.year = String(year);
      }
      if (years <= 2 && year <= last) {
        for (let month = 1; month < 12; month += 1) {
          const mx = x(year + month / 12);
          el("line", { x1: mx, x2: mx, y1: axisY - 4, y2: axisY, stroke: "#999" }, svg);
        }
      }
    }
    el("line", { x1: left, x2: width - right, y1: axisY, y2: axisY, stroke: "#444" }, svg);
    for (const mark of marks) {
      const li = mark.li;
      const link = el("a", { href: li.querySelector("a").getAttribute("href"), tabindex: "-1" }, svg);
      const title = el("title", {}, link);
      const when = li.dataset.start + (li.dataset.end ? ` – ${li.dataset.end}` : "");
      title.textContent = `${li.querySelector("a").textContent} (${when}, to the ${li.dataset.precision}; ${SIDE_WORDS[li.dataset.side]})`;
      const y = top + mark.row * lane;
      const colour = COLOURS[li.dataset.side] || COLOURS.none;
      const precision = li.dataset.precision;
      if (precision === "day" && mark.x2 - mark.x1 <= 8 && !li.dataset.end) {
        el("circle", { cx: mark.x1 + 4, cy: y + 6, r: 5, fill: colour, class: `mark ${precision}` }, link);
      } else {
        el(
          "rect",
          {
            x: mark.x1,
            y: y + 1,
            width: mark.x2 - mark.x1,
            height: 10,
            rx: 2,
            fill: colour,
            "fill-opacity": precision === "year" ? 0.35 : precision === "month" ? 0.65 : 1,
            stroke: colour,
            class: `mark ${precision}`,
          },
          link,
        );
      }
      mark.li.dataset.lane = String(mark.row);
    }
    axis.appendChild(svg);
    const legend = document.createElement("p");
    legend.className = "legend";
    for (const [key, words] of Object.entries(SIDE_WORDS)) {
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[key];
      item.append(swatch, ` ${words}`);
      legend.appendChild(item);
    }
    const note = document.createElement("span");
    note.className = "muted";
    note.textContent =
      `${marks.length} dated events, ${first}–${last}: a dot for a day, a bar for a month (lighter) or a year (lightest). ` +
      "Click a year to zoom to it; the list below holds the same events.";
    legend.appendChild(note);
    axis.appendChild(legend);
    for (const label of svg.querySelectorAll("text.year")) {
      label.addEventListener("click", () => zoom(label.dataset.year, label.dataset.year));
    }
  }

  function apply(push) {
    const f = filters();
    const shown = events.filter((li) => {
      const keep = keeps(li, f);
      li.hidden = !keep;
      return keep;
    });
    for (const heading of document.querySelectorAll("li.year-heading")) {
      let next = heading.nextElementSibling;
      let any = false;
      while (next && !next.classList.contains("year-heading")) {
        any = any || !next.hidden;
        next = next.nextElementSibling;
      }
      heading.hidden = !any;
    }
    for (const group of document.querySelectorAll("section.section-events")) {
      group.hidden = !group.querySelector("li.event:not([hidden])");
    }
    const empty = document.querySelector("#dated p.empty");
    if (empty) empty.hidden = shown.some((li) => li.dataset.start);
    const count = document.getElementById("shown-count");
    if (count) {
      count.replaceChildren("Showing ", Object.assign(document.createElement("strong"), { textContent: String(shown.length) }), ` of ${events.length} events.`);
    }
    for (const link of document.querySelectorAll("nav.periods a")) {
      const current = String(f.from ?? "") === link.dataset.from && String(f.to ?? "") === link.dataset.to;
      if (current) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
    if (push) {
      const params = new URLSearchParams();
      for (const [key, value] of new FormData(form)) if (value) params.set(key, value);
      const query = params.toString();
      history.replaceState(null, "", query ? `?${query}` : location.pathname);
    }
    draw(f, shown);
  }

  function zoom(from, to) {
    form.elements.from.value = from || "";
    form.elements.to.value = to || "";
    apply(true);
  }

  form.addEventListener("change", () => apply(true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(true);
  });
  for (const link of document.querySelectorAll("nav.periods a")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      zoom(link.dataset.from, link.dataset.to);
    });
  }
  window.addEventListener("resize", () => draw(filters(), events.filter((li) => !li.hidden)));
  apply(false);
})();
