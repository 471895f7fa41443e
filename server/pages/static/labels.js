// IRIs in an answer table shown by their labels: each link to a resource reads as its preferred
// name (English first), the IRI itself on hover. One SPARQL query per table asks the endpoint
// for the labels; a link keeps its compact IRI where the graph has no label. Without this
// script the links read as compact IRIs (id:place/shusha).
"use strict";

(function () {
  const SAFE_IRI = /^https?:\/\/[^\s<>"{}|\\^`]+$/;
  const known = new Map(); // IRI -> label, or "" for none
  const config = document.getElementById("labels-config");
  const endpoint = config ? JSON.parse(config.textContent).sparql : "/sparql";

  function links(root) {
    return Array.from(root.querySelectorAll("table.answer td > a")).filter((a) =>
      SAFE_IRI.test(a.dataset.iri || a.title || "")
    );
  }

  function show(anchor) {
    const iri = anchor.dataset.iri || anchor.title;
    const label = known.get(iri);
    if (!label || anchor.dataset.labelled === "yes") return;
    anchor.dataset.compact = anchor.textContent;
    anchor.title = iri;
    anchor.textContent = label;
    anchor.dataset.labelled = "yes";
  }

  async function label(root) {
    const anchors = links(root);
    const wanted = [...new Set(anchors.map((a) => a.dataset.iri || a.title))]
      .filter((iri) => !known.has(iri))
      .slice(0, 400);
    if (wanted.length) {
      const query =
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
        "SELECT ?iri (SAMPLE(?pref) AS ?p) (SAMPLE(?en) AS ?e) (SAMPLE(?any) AS ?a) WHERE {\n" +
        `  VALUES ?iri { ${wanted.map((iri) => `<${iri}>`).join(" ")} }\n` +
        '  OPTIONAL { ?iri skos:prefLabel ?pref FILTER(LANG(?pref) = "en") }\n' +
        '  OPTIONAL { ?iri rdfs:label ?en FILTER(LANG(?en) = "en") }\n' +
        "  OPTIONAL { ?iri rdfs:label ?any }\n" +
        "} GROUP BY ?iri";
      for (const iri of wanted) known.set(iri, "");
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { Accept: "application/sparql-results+json" },
          body: new URLSearchParams({ query }),
        });
        if (response.ok) {
          const answer = await response.json();
          for (const row of answer.results.bindings) {
            const name = row.p || row.e || row.a;
            if (name) known.set(row.iri.value, name.value);
          }
        }
      } catch (error) {
        return; // the links keep their compact IRIs
      }
    }
    for (const anchor of links(root)) show(anchor);
  }

  const results = document.getElementById("results") || document.querySelector(".results");
  if (!results) return;
  label(results);
  // The query page draws its table anew for every answer and every sort.
  new MutationObserver(() => label(results)).observe(results, { childList: true, subtree: true });
})();
