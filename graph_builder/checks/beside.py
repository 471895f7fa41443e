"""Work run in a forked copy of this process, beside it: the build's second core.

pySHACL and owlrl are pure Python, so one process uses one core. A forked child starts at once,
with every module imported and every graph built already there (nothing is written out, parsed
or imported again), runs one function, sends its result back through a pipe and exits without
running the parent's exit handlers. Linux forks; the build runs there.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

Result = TypeVar("Result")

_FORK = multiprocessing.get_context("fork")


class WorkFailed(RuntimeError):
    """The work raised in the child; the message holds the child's traceback."""


@contextmanager
def beside(work: Callable[[], Result]) -> Iterator[Callable[[], Result]]:
    """Starts `work()` in a forked child and gives a function that waits for its result (and
    raises `WorkFailed` if it raised). Leaving the block stops the child if it still runs."""
    receiving, sending = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_run, args=(work, sending), daemon=True)
    child.start()
    sending.close()  # the child's end: closed here, so a child that dies is seen as EOF
    outcome: list[tuple[bool, Any]] = []

    def result() -> Result:
        if not outcome:
            try:
                outcome.append(receiving.recv())
            except EOFError:
                child.join()
                outcome.append((False, f"the child process died (exit code {child.exitcode})"))
        done, value = outcome[0]
        if not done:
            raise WorkFailed(value)
        return value

    try:
        yield result
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()


class Shared:
    """Items 0..count-1 handed out once each among the processes forked after it was made."""

    def __init__(self, count: int) -> None:
        self._next = _FORK.Value("i", 0)
        self.count = count

    def claim(self) -> int | None:
        """Gives the next item no process has taken, or None when all are taken."""
        with self._next.get_lock():
            taken = self._next.value
            if taken >= self.count:
                return None
            self._next.value = taken + 1
            return taken


def _run(work: Callable[[], Any], sending: Connection) -> None:
    try:
        outcome = (True, work())
    except BaseException:  # everything reaches the parent, which decides
        outcome = (False, traceback.format_exc())
    sending.send(outcome)
    sending.close()
