"""One frozen settings object, built once from flags and the environment, then passed in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_STORE = Path("data/store")
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    """Every setting, with its environment variable and its help text (the README lists them)."""

    store: Path = field(
        default=DEFAULT_STORE,
        metadata={
            "env": "NKKG_STORE",
            "help": "the store directory: a symlink to the live Oxigraph store version that "
            "`nkkg build` maintains (default data/store, relative to the working directory)",
        },
    )
    keep_versions: int = field(
        default=2,
        metadata={
            "env": "NKKG_KEEP_VERSIONS",
            "help": "store versions `nkkg build` keeps in DIR.versions/, the live one included "
            "(at least 2: a server still reading the one before keeps working); older ones "
            "are removed",
        },
    )
    # `nkkg serve` (docs/endpoint.md says more about each)
    host: str = field(
        default="127.0.0.1",
        metadata={"env": "NKKG_HOST", "help": "the address `nkkg serve` listens on"},
    )
    port: int = field(
        default=8000,
        metadata={"env": "NKKG_PORT", "help": "the TCP port `nkkg serve` listens on"},
    )
    workers: int = field(
        default=1,
        metadata={
            "env": "NKKG_WORKERS",
            "help": "server processes (uvicorn workers); each has its own pool of query workers",
        },
    )
    query_workers: int = field(
        default=4,
        metadata={
            "env": "NKKG_QUERY_WORKERS",
            "help": "query worker processes per server process (at least 2, so that one "
            "runaway query never holds up the rest)",
        },
    )
    time_limit: float = field(
        default=10.0,
        metadata={
            "env": "NKKG_TIME_LIMIT",
            "help": "seconds a query may run before its worker is killed and the client gets "
            "a 503 query-timeout",
        },
    )
    max_query_bytes: int = field(
        default=100_000,
        metadata={
            "env": "NKKG_MAX_QUERY_BYTES",
            "help": "the longest query text accepted, in UTF-8 bytes (longer: 413)",
        },
    )
    max_body_bytes: int = field(
        default=1_000_000,
        metadata={
            "env": "NKKG_MAX_BODY_BYTES",
            "help": "the largest request body accepted, in bytes (larger: 413)",
        },
    )
    max_url_bytes: int = field(
        default=65_536,
        metadata={
            "env": "NKKG_MAX_URL_BYTES",
            "help": "the longest request target (path and query string) read, in bytes; "
            "longer: 414, before the app sees the request (a longer query goes by POST)",
        },
    )
    max_header_bytes: int = field(
        default=32_768,
        metadata={
            "env": "NKKG_MAX_HEADER_BYTES",
            "help": "the most bytes of header fields a request may send (names, values, line "
            "ends); more: 431, as soon as they arrive",
        },
    )
    max_header_fields: int = field(
        default=100,
        metadata={
            "env": "NKKG_MAX_HEADER_FIELDS",
            "help": "the most header fields a request may send; more: 431",
        },
    )
    header_timeout: float = field(
        default=10.0,
        metadata={
            "env": "NKKG_HEADER_TIMEOUT",
            "help": "seconds a client has to send a request's head (request line and headers), "
            "from when it connects or, on a kept-alive connection, from the request's first "
            "byte; later: 408 and the connection closed (closed without an answer if nothing "
            "came)",
        },
    )
    max_connections: int = field(
        default=1000,
        metadata={
            "env": "NKKG_MAX_CONNECTIONS",
            "help": "the most connections, or requests in progress, a server process holds at "
            "once; a request past it gets 503 too-many-connections at once; 0: no limit",
        },
    )
    max_result_bytes: int = field(
        default=64_000_000,
        metadata={
            "env": "NKKG_MAX_RESULT_BYTES",
            "help": "the largest serialized result sent, in bytes (larger: 507 "
            "result-too-large, and nothing of it is sent)",
        },
    )
    memory_copy_max_quads: int = field(
        default=1_000_000,
        metadata={
            "env": "NKKG_MEMORY_COPY_MAX_QUADS",
            "help": "each query worker copies the store into memory when it holds at most "
            "this many quads, with the union default graph written out once (faster; the copy "
            "holds each quad twice, and the on-disk store stays the source of truth); 0: never",
        },
    )
    answer_cache_bytes: int = field(
        default=64_000_000,
        metadata={
            "env": "NKKG_ANSWER_CACHE_BYTES",
            "help": "bytes of answers each server process keeps, so a deterministic query asked "
            "again is answered without a query worker until the store is rebuilt; 0: no cache",
        },
    )
    worker_memory_bytes: int = field(
        default=1 << 30,
        metadata={
            "env": "NKKG_WORKER_MEMORY_BYTES",
            "help": "the most memory a query worker may allocate (RLIMIT_DATA); a query that "
            "needs more is stopped with a 503 query-out-of-memory and its worker replaced; 0: "
            "no cap",
        },
    )
    unsandboxed_workers: bool = field(
        default=False,
        metadata={
            "env": "NKKG_UNSANDBOXED_WORKERS",
            "help": "run the query workers without the seccomp filter that keeps them off the "
            "network (off by default; `nkkg serve` refuses to start where the filter cannot be "
            "loaded unless this is on)",
        },
    )
    fast_lane_workers: int = field(
        default=1,
        metadata={
            "env": "NKKG_FAST_LANE_WORKERS",
            "help": "query workers kept for clients whose latest query was cheap, used when "
            "every other worker is busy; a query may run there 1 s, then waits for another "
            "worker (so runaway queries never hold up cheap ones); 0: none",
        },
    )
    inline_lane: bool = field(
        default=True,
        metadata={
            "env": "NKKG_INLINE_LANE",
            "help": "answer queries of one triple pattern (a point lookup, say) in the server "
            "process from its own in-memory copy of the store, when the store is small enough "
            "to copy (--memory-copy-max-quads); one that writes more than 256 KB or runs past "
            "5 ms goes to a query worker as any other",
        },
    )
    client_query_seconds: float = field(
        default=60.0,
        metadata={
            "env": "NKKG_CLIENT_QUERY_SECONDS",
            "help": "each client's budget: the seconds its queries may hold query workers in "
            "any 60 s; past it 429 with Retry-After (cached answers are always given); 0: no "
            "budget",
        },
    )
    trusted_proxies: str = field(
        default="",
        metadata={
            "env": "NKKG_TRUSTED_PROXIES",
            "help": "comma-separated addresses of proxies whose X-Forwarded-For names the "
            "client (for fair shares and logs); from any other peer the header is ignored",
        },
    )
    max_nesting: int = field(
        default=64,
        metadata={
            "env": "NKKG_MAX_NESTING",
            "help": "the deepest nesting of groups ({ ( [) a query may have; deeper: 400 "
            "too-deeply-nested, before any worker parses it",
        },
    )
    shutdown_grace: float = field(
        default=5.0,
        metadata={
            "env": "NKKG_SHUTDOWN_GRACE",
            "help": "seconds a stopping server gives the requests in progress to finish; those "
            "still running then are stopped with a 503 shutting-down",
        },
    )
    access_log: bool = field(
        default=False,
        metadata={
            "env": "NKKG_ACCESS_LOG",
            "help": "log a line per request on stderr (off by default: it costs a quarter of a "
            "cached query's time, and a proxy in front usually logs anyway)",
        },
    )
    sparql_endpoint: str | None = field(
        default=None,
        metadata={
            "env": "NKKG_SPARQL_ENDPOINT",
            "help": "a remote SPARQL 1.1 engine's query URL (e.g. an Oxigraph server's "
            "http://host:7878/query) to answer every query through, instead of local query "
            "workers on `store`; publish into it first with `nkkg publish` (docs/scale.md)",
        },
    )
    public_url: str | None = field(
        default=None,
        metadata={
            "env": "NKKG_PUBLIC_URL",
            "help": "the server's public base URL (e.g. https://example.org/), used in the "
            "service description and VoID; default: taken from each request's Host",
        },
    )
    cache_max_age: int = field(
        default=300,
        metadata={
            "env": "NKKG_CACHE_MAX_AGE",
            "help": "seconds clients and caches may reuse a GET response (Cache-Control max-age)",
        },
    )

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str) and item.type == "bool":
                if value.strip().lower() not in (*TRUE, *FALSE):
                    raise ValueError(f"{item.metadata['env']}: not yes or no: {value!r}")
                object.__setattr__(self, item.name, value.strip().lower() in TRUE)
            if isinstance(value, str) and item.type in ("int", "float"):
                try:
                    object.__setattr__(
                        self, item.name, int(value) if item.type == "int" else float(value)
                    )
                except ValueError as error:
                    raise ValueError(f"{item.metadata['env']}: not a number: {value!r}") from error
        if self.query_workers < 2:
            raise ValueError("query_workers must be at least 2")
        if self.time_limit <= 0:
            raise ValueError("time_limit must be a positive number of seconds")
        if self.fast_lane_workers < 0:
            raise ValueError("fast_lane_workers must be 0 or more")
        if self.keep_versions < 2:
            raise ValueError("keep_versions must be at least 2")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        for name in ("max_url_bytes", "max_header_bytes", "max_header_fields", "header_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be a positive number")
        if self.shutdown_grace < 0:
            raise ValueError("shutdown_grace must be 0 or more seconds")
        if self.max_connections < 0:
            raise ValueError("max_connections must be 0 or more")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Gives settings from the environment, with explicit (flag) values taking precedence."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for item in fields(cls):
            name = item.metadata["env"]
            if overrides.get(item.name) is not None:
                values[item.name] = overrides[item.name]
            elif name in env:
                values[item.name] = env[name]
        if "store" in values:
            values["store"] = Path(str(values["store"]))
        return cls(**values)  # type: ignore[arg-type]


def documented_settings() -> list[tuple[str, str, str]]:
    """Gives (name, environment variable, help) for every setting."""
    return [(f.name, f.metadata["env"], f.metadata["help"]) for f in fields(Settings)]
