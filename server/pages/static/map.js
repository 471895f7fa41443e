// The map narrowed to years in place: a place stays when an event there reaches the years
// chosen, and the list below narrows with it, the address too, so the view can be shared.
// Without this script the same form narrows the map on the server.
"use strict";

(function () {
  const form = document.getElementById("map-filters");
  if (!form) return;
  const count = document.getElementById("map-count");
  const timeline = document.getElementById("timeline-link");

  function reaches(spans, first, last) {
    if (first === null && last === null) return true;
    return spans
      .split(" ")
      .filter(Boolean)
      .some((span) => {
        const [from, to] = span.split("-").map(Number);
        return (first === null || to >= first) && (last === null || from <= last);
      });
  }

  function apply() {
    const data = new FormData(form);
    const first = data.get("from") ? +data.get("from") : null;
    const last = data.get("to") ? +data.get("to") : null;
    let shown = 0;
    for (const mark of document.querySelectorAll("svg.map a.place, tr.place")) {
      const keep = reaches(mark.dataset.spans || "", first, last);
      if (keep) mark.removeAttribute("hidden");
      else mark.setAttribute("hidden", "");
      if (keep && mark.tagName.toLowerCase() === "tr") shown += 1;
    }
    const years = first === null && last === null ? "" : `${first ?? "…"}–${last ?? "…"}`;
    count.textContent = years
      ? `Showing the ${shown} places with events in ${years}.`
      : `Showing every place (${shown}).`;
    const params = new URLSearchParams();
    if (first !== null) params.set("from", first);
    if (last !== null) params.set("to", last);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
    timeline.href = `/timeline${query ? `?${query}` : ""}`;
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
})();
