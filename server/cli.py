"""The `nkkg` command: build the store, check it, query it, dump it, serve it."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from graph_builder import store as stores
from graph_builder.build import BuildInputs, build, parse
from graph_builder.checks import gates
from graph_builder.claims import coverage
from graph_builder.claims.claim import build_claims
from graph_builder.curation import loader
from graph_builder.errors import BuildError
from graph_builder.publication.graph_store import Retry
from graph_builder.publication.publish import publish
from server import claims_report
from server.canned import queries
from server.engine import confinement
from server.engine.union import union_dataset
from server.settings import Settings, documented_settings
from server.sparql import results
from server.sparql.query_text import parse_error


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _store_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="DIR",
        help="store directory (default: $NKKG_STORE or data/store)",
    )


def _read_query(text: str) -> tuple[str, str]:
    """Gives (the query, where it came from): a `.rq` file's content, or the text itself."""
    path = Path(text)
    if text.endswith(".rq") or (len(text) < 4096 and "\n" not in text and path.is_file()):
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as error:
            raise SystemExit(f"nkkg query: cannot read {path}: {error}") from error
    return text, "query"


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    result = build(settings.store, report=_progress, keep=settings.keep_versions)
    if args.dump:
        count = stores.write_dump(stores.open_read_only(settings.store), args.dump)
        _progress(f"dump      {count:,} quads -> {args.dump}")
    return 0 if result.quads else 1


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    retry = Retry(attempts=args.attempts)
    publish(settings.store, args.to, report=_progress, retry=retry)
    return 0


def cmd_dump(args: argparse.Namespace, settings: Settings) -> int:
    part = "rdf12" if args.rdf12 else "all" if args.all else "rdf11"
    count = stores.write_dump(stores.open_read_only(settings.store), args.file, part)
    _progress(f"dump      {count:,} quads ({part}) -> {args.file}")
    return 0


def _arguments(pairs: list[str]) -> dict[str, str]:
    arguments = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"nkkg: --param takes NAME=VALUE, not {pair!r}")
        arguments[name] = value
    return arguments


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    bindings = {}
    named = queries.load_all().get(args.query) if "/" not in args.query else None
    if named is not None:  # a canned query by name, its parameters bound as terms
        query, origin = named.text, str(named.path)
        try:
            bindings = named.substitutions(_arguments(args.param))
        except queries.ParameterError as error:
            print(f"nkkg query: {named.name}: {error}", file=sys.stderr)
            return 2
    elif args.param:
        print("nkkg query: --param goes with a canned query's name", file=sys.stderr)
        return 2
    else:
        query, origin = _read_query(args.query)
    store = stores.open_read_only(settings.store)
    try:
        # The endpoint's default graph: every graph but the RDF 1.2 one (docs/graphs.md).
        result = store.query(query, substitutions=bindings, **union_dataset(store))  # type: ignore[arg-type]
        text = results.render(result, args.format, args.full)
    except SyntaxError as error:
        # Keep the parser's position and words (said plainly for an undeclared prefix).
        parsed = parse_error(query, str(error))
        where = f"{origin}:{parsed.line}:{parsed.column}" if parsed.line else origin
        print(f"nkkg query: {where}: {parsed.message}", file=sys.stderr)
        return 2
    # Standard formats end with their own line break; the table does not.
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_queries(args: argparse.Namespace, settings: Settings) -> int:
    for query in queries.load_all().values():
        print(f"{query.name:<28} {query.title}")
        for parameter in query.parameters:
            default = "any" if parameter.default is None else parameter.default
            print(f"{'':<30}--param {parameter.name}=… ({parameter.type}, default {default})")
    return 0


def cmd_claims(args: argparse.Namespace, settings: Settings) -> int:
    named = queries.load_all()["claims-by-label"]
    try:
        bindings = named.substitutions({"term": args.term})
    except queries.ParameterError as error:
        print(f"nkkg claims: {error}", file=sys.stderr)
        return 2
    store = stores.open_read_only(settings.store)
    solutions = store.query(named.text, use_default_graph_as_union=True, substitutions=bindings)
    names = [v.value for v in solutions.variables]
    found = claims_report.versions({n: row[n] for n in names} for row in solutions)
    if args.format == "csv":
        sys.stdout.write(claims_report.as_csv(found))
    elif args.format == "json":
        sys.stdout.write(claims_report.as_json(found))
    else:
        width = args.width or shutil.get_terminal_size((100, 24)).columns
        sys.stdout.write(claims_report.as_text(found, width))
    if not found:
        print(f"nkkg claims: no claim is about anything named {args.term!r}", file=sys.stderr)
    return 0


def cmd_coverage(args: argparse.Namespace, settings: Settings) -> int:
    corpus, doc = parse(BuildInputs(), report=_progress)
    curation = loader.load_curation(doc)
    report = coverage.report(doc, curation, build_claims(doc, curation))
    print(coverage.render(report, doc))
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    def show(outcome: gates.Outcome) -> None:
        print(outcome.line(), flush=True)
        for finding in outcome.findings[: args.findings]:
            print(f"           {finding}", flush=True)
        if len(outcome.findings) > args.findings:
            print(f"           … and {len(outcome.findings) - args.findings} more", flush=True)

    return 0 if gates.check_store(settings.store, show) else 1


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from server.app import serve

    if settings.sparql_endpoint:  # no local store and no workers: the engine answers
        serve(settings)
        return 0
    if not settings.store.exists():
        _progress(f"serve     no store at {settings.store}; building it first")
        build(settings.store, report=_progress, keep=settings.keep_versions)
    stores.open_read_only(settings.store)  # says plainly what is wrong before uvicorn starts
    if not settings.unsandboxed_workers and (missing := confinement.probe()) is not None:
        print(
            f"nkkg serve: the query workers cannot be kept off the network here: {missing}. "
            "Without that, a query could make the server send requests anywhere. Start with "
            "--unsandboxed-workers only where the machine can reach nothing it should not.",
            file=sys.stderr,
        )
        return 2
    serve(settings)
    return 0


def _serve_flags(parser: argparse.ArgumentParser) -> None:
    defaults = Settings()
    for name, variable, help_text in documented_settings():
        if name in ("store", "keep_versions"):
            continue
        default = getattr(defaults, name)
        if isinstance(default, bool):
            parser.add_argument(
                "--" + name.replace("_", "-"),
                dest=name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{help_text} (${variable}; default {'on' if default else 'off'})",
            )
            continue
        parser.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            type=type(default) if default is not None else str,
            default=None,
            help=f"{help_text} (${variable}; default {default})",
        )


def parser() -> argparse.ArgumentParser:
    """Gives the argument parser of the `nkkg` command and its subcommands."""
    top = argparse.ArgumentParser(
        prog="nkkg",
        description="Knowledge graph of the First Nagorno-Karabakh War: build, query, dump, serve.",
    )
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build the store from the corpus (atomic; prints progress)")
    _store_flag(p)
    p.add_argument(
        "--dump",
        type=Path,
        metavar="FILE",
        help="also write a sorted N-Quads dump (gzipped if FILE ends in .gz)",
    )
    p.add_argument(
        "--keep-versions",
        type=int,
        default=None,
        metavar="N",
        help="store versions to keep, the new one included ($NKKG_KEEP_VERSIONS; default 2)",
    )
    p.set_defaults(run=cmd_build)

    formats = ["table", *results.SOLUTION_FORMATS, *results.GRAPH_FORMATS]
    p = sub.add_parser("query", help="run a SPARQL query: inline, a .rq file, or a canned name")
    _store_flag(p)
    p.add_argument("query", help="the query text, a path to a .rq file, or a canned query name")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a canned query's parameter (repeatable); see `nkkg queries`",
    )
    p.add_argument(
        "--format",
        default="table",
        choices=formats,
        help="output format (default: an aligned table; RDF for CONSTRUCT)",
    )
    p.add_argument("--full", action="store_true", help="do not shorten long table cells")
    p.set_defaults(run=cmd_query)

    p = sub.add_parser("queries", help="list the canned queries and their parameters")
    p.set_defaults(run=cmd_queries)

    p = sub.add_parser(
        "claims",
        help="every version of every figure about what a name (any language) names, whole, "
        "with the figure's verdict",
    )
    _store_flag(p)
    p.add_argument("term", help="a name in any language: 霍賈雷, 霍贾雷, Khojaly, Xocalı")
    p.add_argument(
        "--format",
        default="text",
        choices=["text", "csv", "json"],
        help="text (wrapped, never cut; the default), or csv or json with the same fields",
    )
    p.add_argument(
        "--width", type=int, default=None, help="wrap text at this width (default: the terminal's)"
    )
    p.set_defaults(run=cmd_claims)

    p = sub.add_parser("coverage", help="the curation's coverage of the article, part by part")
    p.set_defaults(run=cmd_coverage)

    p = sub.add_parser(
        "dump",
        help="write the store as sorted N-Quads (.nq or .nq.gz): RDF 1.1, every graph but the "
        "RDF 1.2 one, unless told otherwise",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--rdf12", action="store_true", help="the RDF 1.2 graph alone")
    which.add_argument("--all", action="store_true", help="every graph, RDF 1.2 one included")
    _store_flag(p)
    p.add_argument("file", type=Path, help="target file")
    p.set_defaults(run=cmd_dump)

    p = sub.add_parser(
        "publish",
        help="load the live store version into a SPARQL 1.1 Graph Store Protocol endpoint, "
        "graph by graph, and record its content digest there",
    )
    _store_flag(p)
    p.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the engine's Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store)",
    )
    p.add_argument(
        "--attempts",
        type=int,
        default=Retry().attempts,
        metavar="N",
        help="tries per request when the engine is out of reach or answers 5xx, pausing 0.5 s, "
        f"1 s, 2 s, … between them (default {Retry().attempts})",
    )
    p.set_defaults(run=cmd_publish)

    p = sub.add_parser(
        "check",
        help="check a built store: OWL Lite, HermiT, SHACL, the inferred graph, the dump round "
        "trip (one line each; exit status 1 on any failure)",
    )
    _store_flag(p)
    p.add_argument(
        "--findings",
        type=int,
        default=20,
        metavar="N",
        help="show at most N findings of a failed check (default 20)",
    )
    p.set_defaults(run=cmd_check)

    p = sub.add_parser(
        "serve", help="serve the store read-only: the SPARQL endpoint (builds it if missing)"
    )
    _store_flag(p)
    _serve_flags(p)
    p.set_defaults(run=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    flags = {name: getattr(args, name, None) for name, _, _ in documented_settings()}
    try:
        settings = Settings.from_env(**flags)
    except ValueError as error:
        print(f"nkkg {args.command}: error: {error}", file=sys.stderr)
        return 2
    try:
        return args.run(args, settings)
    except BuildError as error:
        print(f"nkkg {args.command}: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
