"""A pool of query worker processes with a hard time limit per query.

pyoxigraph cannot cancel a running query, so each query runs in a worker process
(server/engine/worker.py) that opens the store read-only. A worker whose query runs past the time
limit, or whose client disconnects, is killed (SIGKILL) and a fresh one is started in the
background;
the other workers go on answering meanwhile, so one runaway query holds one worker, never the
server. When every worker is busy, a query waits for one as long as a query may run, then gets a
503 that says so.

Workers open the store version the `--store` symlink points at when they start. A version is
known by its name, the digest of its content (graph_builder/store.py), so ETags and the answer
cache keyed by it agree between replicas built from the same inputs. The pool looks
at the symlink again at most once a second; after `nkkg build` has swapped in a new version, idle
workers are replaced by ones on the new version and busy ones are replaced when they finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import time
from datetime import datetime
from pathlib import Path

from graph_builder.store import version_name, version_time
from server.engine.engine import Engine
from server.engine.inline import InlineLane
from server.engine.jobs import Answer, ClientGone, QueryFailed
from server.engine.scheduler import Scheduler
from server.engine.shares import FAST_LANE_SECONDS
from server.engine.worker import HEADER, encode_frame
from server.errors import (
    Busy,
    QueryCrashed,
    QueryOutOfMemory,
    QueryTimeout,
    ResultTooLarge,
    ShuttingDown,
    WorkerFailed,
)

log = logging.getLogger("nkkg.executor")

START_TIMEOUT = 120.0
"""Seconds a new worker may take to open (and copy) the store before it counts as failed."""
VERSION_CHECK_INTERVAL = 1.0
IDLE_CHECK_SECONDS = 0.05


class UnexplainedDeath(Exception):
    """A worker died under a job for no reason the job explains (yet)."""


class FastLaneOverrun(Exception):
    """A query ran past the fast lane's limit; it goes to wait for an ordinary worker."""


def _exited(pid: int) -> bool:
    """Says whether a child process has exited though nobody has reaped it yet (a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return not os.path.isdir("/proc/self")  # no /proc here: rely on the returncode alone
    return stat[stat.rindex(b")") + 2 : stat.rindex(b")") + 3] in (b"Z", b"X")


def resolve_version(store: Path) -> str:
    """Gives the store version the path points at now (the `--store` symlink resolved)."""
    return os.path.realpath(store)


class Worker:
    """One worker process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process, version: str, lane: str) -> None:
        self.process = process
        self.version = version
        self.lane = lane  # ordinary or fast (server/engine/scheduler.py)
        self.killed_for: str | None = None
        self.idle_since = time.monotonic()

    @property
    def alive(self) -> bool:
        return self.process.returncode is None and self.killed_for is None

    def kill(self, reason: str) -> None:
        """Kills the process at once; `reason` says why, for the answer to the waiting request."""
        if self.killed_for is not None:
            return  # signalled already: a second kill() would reap the process behind asyncio
        self.killed_for = reason
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    async def send(self, frame: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(frame)
        if len(frame) > 65536:
            await self.process.stdin.drain()

    async def receive(self) -> tuple[dict, bytes]:
        """Gives the next frame; raises IncompleteReadError when the process has died."""
        assert self.process.stdout is not None
        meta_size, body_size = HEADER.unpack(await self.process.stdout.readexactly(HEADER.size))
        data = await self.process.stdout.readexactly(meta_size + body_size)
        return json.loads(data[:meta_size]), data[meta_size:]


class Executor(Engine):
    """The worker pool: `run` sends a job to an idle worker and enforces the time limit."""

    def __init__(
        self,
        store: Path,
        size: int,
        time_limit: float,
        result_cap: int,
        memory_copy_max_quads: int,
        queue_timeout: float | None = None,
        cache_bytes: int = 0,
        memory_bytes: int = 0,
        sandboxed: bool = True,
        fast_lane: int = 0,
        client_budget: float = 0.0,
        inline: bool = False,
    ) -> None:
        super().__init__(cache_bytes, client_budget, result_cap)
        self.store = store
        self.fast_lane = fast_lane
        self.memory_bytes = memory_bytes
        self.sandboxed = sandboxed
        self.queue_timeout = time_limit if queue_timeout is None else queue_timeout
        self.size = size
        self.time_limit = time_limit
        self.memory_copy_max_quads = memory_copy_max_quads
        self.version = version_name(resolve_version(store))
        self._scheduler: Scheduler[Worker] = Scheduler()
        self._spare: Worker | None = None  # started ahead, to take a fast-lane worker's place
        self._workers: set[Worker] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._checked_at = time.monotonic()
        self._closed = False
        self.inline = InlineLane(memory_copy_max_quads) if inline else None

    def last_modified(self) -> datetime:
        """Gives when the live version went live: its directory's time (its name is its
        content's digest)."""
        return version_time(os.path.realpath(self.store))

    async def start(self) -> None:
        """Starts the workers and waits until all of them have opened the store."""
        lanes = ["ordinary"] * self.size + ["fast"] * self.fast_lane
        for worker in await asyncio.gather(*(self._spawn(lane) for lane in lanes)):
            self._scheduler.put(worker, worker.lane)
        if self.fast_lane:
            self._spare = await self._spawn("fast")
        self._serving(resolve_version(self.store))

    def _serving(self, path: str) -> None:
        """Notes that `path` is the version now served: the inline lane loads it."""
        if self.inline is not None and version_name(path) == self.version:
            self.inline.load(path, self.version)

    async def close(self) -> None:
        """Stops every worker."""
        self._closed = True
        if self.inline is not None:
            self.inline.close()
        for task in list(self._background):
            task.cancel()
        for worker in list(self._workers):
            worker.kill("shutdown")
        for worker in list(self._workers):
            with contextlib.suppress(ProcessLookupError):
                await worker.process.wait()
        self._workers.clear()

    async def _spawn(self, lane: str) -> Worker:
        path = resolve_version(self.store)
        version = version_name(path)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "server.engine.worker",
            "--store",
            path,
            "--memory-copy-max-quads",
            str(self.memory_copy_max_quads),
            "--parent",
            str(os.getpid()),
            "--memory-bytes",
            str(self.memory_bytes),
            *(() if self.sandboxed else ("--unsandboxed",)),
            env={**os.environ, "RUST_BACKTRACE": "0"},  # an abort says one line, not fifty
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 20,
        )
        worker = Worker(process, version, lane)
        self._workers.add(worker)
        try:
            meta, _ = await asyncio.wait_for(worker.receive(), START_TIMEOUT)
        except (asyncio.IncompleteReadError, TimeoutError) as error:
            self._discard(worker, "failed to start")
            raise WorkerFailed(f"a query worker could not start on {path}") from error
        if not meta.get("ready"):
            self._discard(worker, "failed to start")
            if meta.get("error") == "confinement":
                raise WorkerFailed(
                    f"a query worker could not be confined: {meta.get('message')}; "
                    "start with --unsandboxed-workers only where nothing else can be reached"
                )
            raise WorkerFailed(f"a query worker could not open {path}: {meta.get('message')}")
        return worker

    def _discard(self, worker: Worker, reason: str) -> None:
        worker.kill(reason)
        self._workers.discard(worker)
        # Reap the process in the background so that no zombie is left behind.
        task = asyncio.ensure_future(worker.process.wait())
        self._background.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._background.discard)  # type: ignore[arg-type]

    def _replace(self, worker: Worker, reason: str) -> None:
        """Kills `worker` and starts another in its place, in the background. A fast-lane
        worker's place is taken at once by the spare, if it is ready: a query that overruns the
        fast lane costs its worker, and a new one takes longer to start than cheap queries
        should wait."""
        self._discard(worker, reason)
        if self._closed:
            return
        spare, lane = self._spare, worker.lane
        if lane == "fast" and self._spare_ready() and spare.version == self.version:
            self._spare, lane = None, "spare"
            self._scheduler.put(spare, "fast")
        task = asyncio.ensure_future(self._replacement(lane))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _replacement(self, lane: str) -> None:
        """Starts a worker for `lane` (or the spare, which then waits for a fast-lane worker to
        replace), trying again as long as it fails."""
        delay = 0.5
        while not self._closed:
            try:
                worker = await self._spawn("fast" if lane == "spare" else lane)
            except WorkerFailed as error:
                log.error("%s; trying again in %.1f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            if worker.version != self.version:
                self.version = worker.version
                self.cache.clear()
                self._serving(resolve_version(self.store))
            if lane == "spare":
                self._spare = worker
            else:
                self._scheduler.put(worker, lane)
            return

    def _release(self, worker: Worker) -> None:
        worker.idle_since = time.monotonic()
        if worker.alive and worker.version == self.version and not self._closed:
            self._scheduler.put(worker, worker.lane, weakest=1 if self._spare_ready() else 2)
        else:
            self._replace(worker, "retired")

    def _spare_ready(self) -> bool:
        return self._spare is not None and self._spare.alive

    def _check_version(self) -> None:
        """Replaces idle workers once the store symlink points at a new version."""
        now = time.monotonic()
        if now - self._checked_at < VERSION_CHECK_INTERVAL:
            return
        self._checked_at = now
        path = resolve_version(self.store)
        version = version_name(path)
        if version == self.version or not os.path.isdir(path):
            return
        log.info("store version changed to %s; replacing the query workers", path)
        self.version = version
        self.cache.clear()
        self._serving(path)
        if self._spare is not None:
            self._discard(self._spare, "retired")
            self._spare = None
            task = asyncio.ensure_future(self._replacement("spare"))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        for worker, _ in self._scheduler.take_idle():
            self._replace(worker, "retired")

    async def _acquire(
        self, gone: asyncio.Future[None] | None, client: str | None, fast: int
    ) -> Worker:
        """Gives an idle worker that is alive, in the client's turn: one found dead while idle is
        replaced, never handed a job."""
        while True:
            if self._closed:
                raise ShuttingDown("the server is shutting down; try again in a moment")
            self._check_version()
            got = await self._scheduler.get(
                self.shares.used(client), fast, self.queue_timeout, gone
            )
            if got is None:
                if gone is not None and gone.done():
                    raise ClientGone
                raise Busy(
                    f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s; "
                    "try again",
                    headers={"Retry-After": "1"},
                )
            worker, _ = got
            # A death is seen by asyncio within moments; only a worker idle longer than that is
            # asked of /proc too (a zombie not yet reaped), so a busy pool pays nothing for it.
            idle = time.monotonic() - worker.idle_since
            if worker.alive and (idle < IDLE_CHECK_SECONDS or not _exited(worker.process.pid)):
                return worker
            log.warning("query worker %s died while idle; replacing it", worker.process.pid)
            self._replace(worker, "died idle")

    def _fast_claim(self, client: str | None) -> int:
        """Gives the client's claim on a fast-lane worker. A client with no record yet may try
        the fast lane only while the spare stands ready: should its query overrun, the spare
        takes the worker's place at once, so the fast lane is never left empty for long."""
        claim = self.shares.fast_lane(client)
        return 0 if claim == 1 and not self._spare_ready() else claim

    async def _answer(
        self, job: dict, gone: asyncio.Future[None] | None, client: str | None
    ) -> Answer:
        """Gives a worker's answer: on an ordinary worker, or on the fast lane where the client
        may use it. A query that overruns the fast lane, or whose worker dies for no reason of
        its own, is asked once more of an ordinary worker; a query changes nothing, so asking
        again is safe."""
        if self.inline is not None:
            self._check_version()
            answer = self.inline.answer(job, self.version)
            if answer is not None:
                return answer
        fast, last = self._fast_claim(client), False
        while True:
            worker = await self._acquire(gone, client, fast)
            try:
                return await self._ask(worker, job, gone, client, last)
            except (UnexplainedDeath, FastLaneOverrun):
                if last:
                    raise
                fast, last = 0, True

    def _out_of_memory(self) -> QueryOutOfMemory:
        cap = f"{self.memory_bytes / 2**20:,.0f} MiB" if self.memory_bytes else "what it may hold"
        return QueryOutOfMemory(
            f"the query needed more memory than a query worker may hold ({cap}) and was "
            "stopped; narrow it down, add a LIMIT, or sort and group less",
            limit_bytes=self.memory_bytes,
        )

    async def _death(self, worker: Worker, last: bool) -> Exception:
        """Gives the error for a worker whose pipe closed while it ran a query: what killed it
        says whose fault it was. A death nothing explains (a SIGKILL not ours, an exit) is
        UnexplainedDeath the first time, so that the job can go to another worker."""
        reason = worker.killed_for
        if reason == "fast lane overrun":
            return FastLaneOverrun()
        if reason == "timeout":
            return QueryTimeout(
                f"the query ran longer than the time limit of {self.time_limit:g} s and was "
                "stopped; narrow it down, add a LIMIT, or ask for less",
                limit_seconds=self.time_limit,
            )
        if reason == "client gone":
            return ClientGone()
        if reason == "shutdown" or self._closed:
            return ShuttingDown("the server is shutting down; the query was stopped")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(worker.process.wait(), 5.0)
        code = worker.process.returncode
        if code == -signal.SIGABRT:  # pyoxigraph aborts when an allocation fails under the cap
            return self._out_of_memory()
        if not last and (code is None or code >= 0 or code == -signal.SIGKILL):
            return UnexplainedDeath()
        if code == -signal.SIGKILL:  # the kernel's OOM killer, twice for the same query
            return self._out_of_memory()
        if code is not None and code < 0:
            return QueryCrashed(
                f"the query made its worker crash ({signal.Signals(-code).name}); it is likely "
                "too large or too deeply nested for the engine: simplify it",
                signal=signal.Signals(-code).name,
            )
        return WorkerFailed(f"the query worker died while running the query (exit {code})")

    async def _ask(
        self,
        worker: Worker,
        job: dict,
        gone: asyncio.Future[None] | None,
        client: str | None = None,
        last: bool = True,
    ) -> Answer:
        loop = asyncio.get_running_loop()
        fast = worker.lane == "fast"
        limit = min(FAST_LANE_SECONDS, self.time_limit) if fast else self.time_limit
        timer = loop.call_later(limit, worker.kill, "fast lane overrun" if fast else "timeout")
        ticket = self.shares.start(client)

        def on_gone(future: asyncio.Future[None]) -> None:
            if not future.cancelled():
                worker.kill("client gone")

        if gone is not None:
            gone.add_done_callback(on_gone)
        answered = False
        try:
            await worker.send(encode_frame(job))
            meta, body = await worker.receive()
            answered = True
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            raise await self._death(worker, last) from error
        finally:
            timer.cancel()
            self.shares.finish(client, ticket, answered)
            if gone is not None:
                gone.remove_done_callback(on_gone)
            if not answered:
                # Cancelled mid-query (shutdown, say): the worker is still busy with it.
                worker.kill("abandoned")
            elif meta.get("error") == "memory":
                worker.kill("out of memory")  # it exits after answering: never hand it a job
            self._release(worker)
        if meta.get("ok"):
            return Answer(str(meta["format"]), body)
        if meta["error"] == "memory":
            raise self._out_of_memory()
        if meta["error"] == "result-too-large":
            raise ResultTooLarge(
                f"the result is larger than the cap of {self.result_cap:,} bytes and was not "
                "sent; add a LIMIT or ask for fewer variables",
                cap_bytes=self.result_cap,
            )
        raise QueryFailed(str(meta["error"]), str(meta["message"]))
