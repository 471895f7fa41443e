// Runs Comunica 4 (@comunica/query-sparql, unmodified) against a running nkkg server: every case of
// the JSON list given on stdin in one Node process (the engine is slow to start), one JSON line of
// results on stdout. tests/test_clients.py gives the cases and checks the answers.
//
// A case is {name, kind: "bindings" | "boolean" | "quads", query, sources} or, for link traversal
// over the dereferenceable IRIs, {name, kind: "traverse", start, follow, query}: starting from the
// document of `start`, each round asks `follow` (a SELECT of ?next) over the documents read so far
// and dereferences every ?next found, until no new one turns up; then `query` runs over them all.
// The graph's IRIs are under https://w3id.org/nkkg/, which redirects to wherever the graph is
// served; here, a fetch that sends them to the test server stands in for that redirect.

import { QueryEngine } from "@comunica/query-sparql";

const [base] = process.argv.slice(2);
const IRI_BASE = "https://w3id.org/nkkg/";
const served = (url) => (url.startsWith(IRI_BASE) ? base + url.slice(IRI_BASE.length) : url);
const context = (sources) => ({
  sources,
  lenient: false,
  fetch: (input, init) => fetch(served(typeof input === "string" ? input : input.url), init),
});

function term(t) {
  if (t.termType === "Literal") {
    return { type: "literal", value: t.value, language: t.language, datatype: t.datatype.value };
  }
  return { type: t.termType === "NamedNode" ? "iri" : t.termType, value: t.value };
}

async function run(engine, c) {
  if (c.kind === "bindings") {
    const stream = await engine.queryBindings(c.query, context(c.sources));
    const rows = await stream.toArray();
    return rows.map((row) => Object.fromEntries([...row].map(([v, t]) => [v.value, term(t)])));
  }
  if (c.kind === "boolean") return await engine.queryBoolean(c.query, context(c.sources));
  if (c.kind === "quads") {
    const stream = await engine.queryQuads(c.query, context(c.sources));
    const quads = await stream.toArray();
    return quads.map((q) => [term(q.subject), term(q.predicate), term(q.object)]);
  }
  if (c.kind === "traverse") {
    const read = new Set([c.start]);
    let fresh = [c.start];
    while (fresh.length) {
      const stream = await engine.queryBindings(c.follow, context([...read]));
      const found = (await stream.toArray()).map((row) => row.get("next").value);
      fresh = found.filter((iri) => !read.has(iri));
      fresh.forEach((iri) => read.add(iri));
    }
    const stream = await engine.queryBindings(c.query, context([...read]));
    const rows = await stream.toArray();
    return {
      documents: [...read],
      rows: rows.map((row) => Object.fromEntries([...row].map(([v, t]) => [v.value, term(t)]))),
    };
  }
  throw new Error(`unknown kind ${c.kind}`);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf-8"));
const engine = new QueryEngine();
const results = {};
for (const c of cases) {
  try {
    results[c.name] = { ok: true, result: await run(engine, c) };
  } catch (error) {
    results[c.name] = { ok: false, error: String(error && error.stack ? error.stack : error) };
  }
}
process.stdout.write(JSON.stringify(results) + "\n");
