// The query page: a CodeMirror editor (or the plain text area when CodeMirror is not installed),
// prefix completion from the graph's own prefixes, the canned queries as examples, and results
// from /sparql as a sortable table with downloads and a shareable URL.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("query-config").textContent);
  const textarea = document.getElementById("query");
  const form = document.getElementById("query-form");
  const statusLine = document.getElementById("status");
  const share = document.getElementById("share");
  const problemBox = document.getElementById("problem");
  const downloads = document.getElementById("downloads");
  const results = document.getElementById("results");
  const prefixNames = Object.keys(config.prefixes).sort();

  // SELECT and ASK answer in SPARQL JSON; CONSTRUCT and DESCRIBE in N-Triples, read below.
  const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  const SOLUTION_DOWNLOADS = ["json", "xml", "csv", "tsv"];
  const GRAPH_DOWNLOADS = ["turtle", "ntriples", "rdfxml", "jsonld"];
  const EXTENSIONS = {
    json: "srj", xml: "srx", csv: "csv", tsv: "tsv",
    turtle: "ttl", ntriples: "nt", rdfxml: "rdf", jsonld: "jsonld",
  };
  const NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedLong|unsignedInt|unsignedShort|unsignedByte)$/;

  // ---- the editor -------------------------------------------------------------------------

  const editor = window.CodeMirror
    ? window.CodeMirror.fromTextArea(textarea, {
        mode: "application/sparql-query",
        lineNumbers: true,
        indentUnit: 2,
        extraKeys: {
          "Ctrl-Space": "autocomplete",
          "Ctrl-Enter": () => run(),
          "Cmd-Enter": () => run(),
        },
        hintOptions: { hint: prefixHint, completeSingle: false },
        screenReaderLabel: "SPARQL query",
      })
    : null;
  let errorLine = null;

  function getText() {
    return editor ? editor.getValue() : textarea.value;
  }

  function setText(text) {
    if (editor) {
      editor.setValue(text);
      editor.focus();
    } else {
      textarea.value = text;
    }
  }

  /** The prefix names the query declares. */
  function declaredPrefixes(text) {
    const names = new Set();
    for (const match of text.matchAll(/\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:/gi)) {
      names.add(match[1] || "");
    }
    return names;
  }

  /** Adds `PREFIX name: <iri>` after the query's last PREFIX line (or above its first line that
   * is not a comment) when `name` is a known prefix the query does not declare yet. */
  function declarePrefix(cm, name) {
    if (!(name in config.prefixes) || declaredPrefixes(cm.getValue()).has(name)) return false;
    let at = null;
    let firstCode = null;
    for (let line = 0; line < cm.lineCount(); line++) {
      const text = cm.getLine(line);
      if (/^\s*(PREFIX|BASE)\b/i.test(text)) at = line + 1;
      else if (firstCode === null && text.trim() && !text.trim().startsWith("#")) firstCode = line;
      if (/\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b/i.test(text)) break;
    }
    const line = at !== null ? at : firstCode !== null ? firstCode : 0;
    cm.replaceRange(`PREFIX ${name}: <${config.prefixes[name]}>\n`, { line: line, ch: 0 });
    statusLine.textContent = `Added PREFIX ${name}:`;
    return true;
  }

  function inStringOrComment(cm, pos) {
    const type = cm.getTokenAt(pos).type || "";
    return /string|comment/.test(type);
  }

  /** Completion: prefix declarations after PREFIX, prefixed names elsewhere. */
  function prefixHint(cm) {
    const cursor = cm.getCursor();
    const before = cm.getLine(cursor.line).slice(0, cursor.ch);
    if (inStringOrComment(cm, cursor)) return null;
    const declaring = /\bPREFIX\s+([\w-]*)$/i.exec(before);
    if (declaring) {
      const typed = declaring[1];
      const list = prefixNames
        .filter((name) => name.startsWith(typed))
        .map((name) => ({ text: `${name}: <${config.prefixes[name]}>`, className: "prefix-hint" }));
      return list.length
        ? { list: list, from: { line: cursor.line, ch: cursor.ch - typed.length }, to: cursor }
        : null;
    }
    const word = /(?:^|[^\w:?$<"'])([A-Za-z][\w-]*)$/.exec(before);
    if (!word) return null;
    const typed = word[1];
    const list = prefixNames
      .filter((name) => name.startsWith(typed))
      .map((name) => ({
        text: `${name}:`,
        displayText: `${name}: <${config.prefixes[name]}>`,
        className: "prefix-hint",
        hint: (cm, data, completion) => {
          cm.replaceRange(completion.text, data.from, data.to);
          declarePrefix(cm, name);
        },
      }));
    return list.length
      ? { list: list, from: { line: cursor.line, ch: cursor.ch - typed.length }, to: cursor }
      : null;
  }

  if (editor) {
    editor.on("inputRead", (cm, change) => {
      const cursor = cm.getCursor();
      const before = cm.getLine(cursor.line).slice(0, cursor.ch);
      if (/\bPREFIX\s+[\w-]*$/i.test(before)) {
        cm.showHint({ completeSingle: false });
        return;
      }
      // A known prefix used without its declaration gets one, as YASGUI does.
      if (change.text.join("") !== ":" || /\bPREFIX\s+[\w-]*:$/i.test(before)) return;
      const used = /(?:^|[^\w:?$<"'])([A-Za-z][\w-]*):$/.exec(before);
      if (used && !inStringOrComment(cm, { line: cursor.line, ch: cursor.ch - 1 })) {
        declarePrefix(cm, used[1]);
      }
    });
  } else {
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
    });
  }

  // ---- examples and the shareable URL -----------------------------------------------------

  document.getElementById("examples").addEventListener("change", (event) => {
    const example = config.examples.find((e) => e.name === event.target.value);
    if (example) setText(example.text);
  });

  function pageUrl(text) {
    return `${config.page}?${new URLSearchParams({ query: text })}`;
  }

  function sparqlUrl(text, format) {
    return `${config.sparql}?${new URLSearchParams({ query: text, format: format })}`;
  }

  // ---- terms ------------------------------------------------------------------------------

  function compact(iri) {
    let best = null;
    for (const name of prefixNames) {
      const ns = config.prefixes[name];
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) {
        best = [name, ns];
      }
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : `<${iri}>`;
  }

  /** Where an IRI links: its page on this server when the graph mints it, else the IRI itself
   * if it is an http(s) URL. Any other IRI (javascript:, data:, urn:, …) gets no link (null):
   * a result is data from anywhere, and a javascript: link would run in this page's origin. */
  function link(iri) {
    if (iri.startsWith(config.base)) return "/" + iri.slice(config.base.length);
    let url;
    try {
      url = new URL(iri);
    } catch (error) {
      return null;
    }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  }

  function termText(term) {
    if (!term) return "";
    if (term.type === "uri") return compact(term.value);
    if (term.type === "bnode") return `_:${term.value}`;
    if (term.type === "triple") {
      const t = term.value;
      return `<< ${termText(t.subject)} ${termText(t.predicate)} ${termText(t.object)} >>`;
    }
    return term.value;
  }

  function termCell(term) {
    const cell = document.createElement("td");
    if (!term) return cell;
    if (term.type === "uri") {
      const target = link(term.value);
      const shown = document.createElement(target ? "a" : "span");
      if (target) shown.href = target;
      shown.title = term.value;
      shown.textContent = compact(term.value);
      cell.append(shown);
      return cell;
    }
    cell.textContent = termText(term);
    if (term.datatype) cell.title = compact(term.datatype); // on hover: numbers stay plain
    if (term["xml:lang"]) {
      const span = document.createElement("span");
      span.className = "note";
      span.textContent = `@${term["xml:lang"]}`;
      cell.append(span);
    }
    return cell;
  }

  function compareTerms(a, b) {
    if (!a || !b) return a ? -1 : b ? 1 : 0; // unbound last
    const numeric = (t) => t.type === "literal" && NUMERIC.test(t.datatype || "");
    if (numeric(a) && numeric(b)) return Number(a.value) - Number(b.value);
    return termText(a).localeCompare(termText(b), undefined, { numeric: true });
  }

  // ---- N-Triples, for CONSTRUCT and DESCRIBE results ---------------------------------------

  const ESCAPES = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" };

  function readTerm(line, at) {
    while (line[at] === " " || line[at] === "\t") at++;
    if (line.startsWith("<<(", at)) {
      const [subject, p1] = readTerm(line, at + 3);
      const [predicate, p2] = readTerm(line, p1);
      const [object, p3] = readTerm(line, p2);
      const end = line.indexOf(")>>", p3);
      return [{ type: "triple", value: { subject, predicate, object } }, end + 3];
    }
    if (line[at] === "<") {
      const end = line.indexOf(">", at);
      return [{ type: "uri", value: line.slice(at + 1, end) }, end + 1];
    }
    if (line.startsWith("_:", at)) {
      const end = line.slice(at).search(/[\s)]/);
      const stop = end < 0 ? line.length : at + end;
      return [{ type: "bnode", value: line.slice(at + 2, stop) }, stop];
    }
    let value = "";
    let i = at + 1;
    while (i < line.length && line[i] !== '"') {
      if (line[i] === "\\") {
        const code = line[i + 1];
        if (code === "u" || code === "U") {
          const size = code === "u" ? 4 : 8;
          value += String.fromCodePoint(parseInt(line.slice(i + 2, i + 2 + size), 16));
          i += 2 + size;
          continue;
        }
        value += ESCAPES[code] || code;
        i += 2;
        continue;
      }
      value += line[i++];
    }
    const term = { type: "literal", value: value };
    i++;
    const lang = /^@([A-Za-z0-9-]+)/.exec(line.slice(i));
    if (lang) {
      term["xml:lang"] = lang[1];
      i += lang[0].length;
    } else if (line.startsWith("^^<", i)) {
      const end = line.indexOf(">", i);
      term.datatype = line.slice(i + 3, end);
      i = end + 1;
    }
    return [term, i];
  }

  function readNTriples(text) {
    const rows = [];
    for (const line of text.split("\n")) {
      if (!line.trim() || line.trim().startsWith("#")) continue;
      const [subject, p1] = readTerm(line, 0);
      const [predicate, p2] = readTerm(line, p1);
      const [object] = readTerm(line, p2);
      rows.push({ subject, predicate, object });
    }
    return rows;
  }

  // ---- results ----------------------------------------------------------------------------

  function showTable(columns, rows) {
    const table = document.createElement("table");
    table.className = "answer";
    const head = table.createTHead().insertRow();
    const body = table.createTBody();
    let sortedBy = null;
    let ascending = true;

    function fill() {
      body.replaceChildren(
        ...rows.map((row) => {
          const tr = document.createElement("tr");
          tr.append(...columns.map((column) => termCell(row[column])));
          return tr;
        })
      );
    }

    for (const column of columns) {
      const th = document.createElement("th");
      th.textContent = column;
      th.dataset.column = column;
      th.title = "Sort by this column";
      th.tabIndex = 0;
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          th.click();
        }
      });
      th.addEventListener("click", () => {
        ascending = sortedBy === column ? !ascending : true;
        sortedBy = column;
        const direction = ascending ? 1 : -1;
        const order = (a, b) => {
          if (!a[column] || !b[column]) return compareTerms(a[column], b[column]); // unbound last
          return compareTerms(a[column], b[column]) * direction;
        };
        rows = rows
          .map((row, index) => [row, index])
          .sort((a, b) => order(a[0], b[0]) || a[1] - b[1])
          .map((pair) => pair[0]);
        for (const other of head.children) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        fill();
      });
      head.append(th);
    }
    fill();
    results.replaceChildren(table);
  }

  function showDownloads(text, names) {
    downloads.replaceChildren("Download: ");
    names.forEach((name, index) => {
      const anchor = document.createElement("a");
      anchor.href = sparqlUrl(text, name);
      anchor.textContent = name.toUpperCase();
      anchor.dataset.format = name;
      anchor.download = `results.${EXTENSIONS[name]}`;
      if (index) downloads.append(" · ");
      downloads.append(anchor);
    });
    downloads.hidden = false;
  }

  function showProblem(problem) {
    problemBox.replaceChildren();
    if (problem.line) {
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = `Line ${problem.line}, column ${problem.column}: `;
      problemBox.append(where);
      if (editor) {
        errorLine = editor.addLineClass(problem.line - 1, "background", "query-error-line");
        editor.setCursor({ line: problem.line - 1, ch: Math.max(0, problem.column - 1) });
      }
    }
    const title = problem.title ? `${problem.status} ${problem.title}: ` : "";
    problemBox.append(`${title}${problem.detail || "the query failed"}`);
    problemBox.hidden = false;
  }

  function clearOutcome() {
    problemBox.hidden = true;
    if (editor && errorLine) {
      editor.removeLineClass(errorLine, "background", "query-error-line");
      errorLine = null;
    }
  }

  async function run(event) {
    if (event) event.preventDefault();
    const text = getText();
    clearOutcome();
    results.replaceChildren();
    downloads.hidden = true;
    const url = pageUrl(text);
    history.replaceState(null, "", url);
    share.href = url;
    share.hidden = false;
    statusLine.textContent = "Running…";
    const started = performance.now();
    let response;
    let body;
    try {
      response = await fetch(config.sparql, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: ACCEPT },
        body: new URLSearchParams({ query: text }),
      });
      body = await response.text();
    } catch (error) {
      statusLine.textContent = "";
      showProblem({ detail: `the endpoint could not be reached (${error.message})` });
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      let problem;
      try {
        problem = JSON.parse(body);
      } catch (error) {
        problem = { status: response.status, title: response.statusText, detail: body };
      }
      statusLine.textContent = "";
      showProblem(problem);
      return;
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    let count;
    if (type === "application/sparql-results+json") {
      const data = JSON.parse(body);
      if ("boolean" in data) {
        const answer = document.createElement("p");
        answer.className = "boolean";
        answer.textContent = `ASK: ${data.boolean}`;
        results.replaceChildren(answer);
        count = null;
      } else {
        showTable(data.head.vars, data.results.bindings);
        count = data.results.bindings.length;
      }
      showDownloads(text, SOLUTION_DOWNLOADS);
    } else {
      const triples = readNTriples(body);
      showTable(["subject", "predicate", "object"], triples);
      count = triples.length;
      showDownloads(text, GRAPH_DOWNLOADS);
    }
    const what = count === null ? "answered" : `${count} ${count === 1 ? "row" : "rows"}`;
    statusLine.textContent = `${what} in ${seconds} s`;
  }

  form.addEventListener("submit", run);
})();
