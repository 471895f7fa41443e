"""Work beside the build: a forked copy runs one function and hands back its result or its
error; items shared between the processes are each taken once."""

from __future__ import annotations

import os

import pytest

from graph_builder.checks.beside import Shared, WorkFailed, beside


def test_the_result_comes_back_from_another_process() -> None:
    with beside(lambda: (os.getpid(), [1, 2, 3])) as result:
        pid, found = result()
    assert pid != os.getpid() and found == [1, 2, 3]


def test_an_error_in_the_copy_is_raised_here_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("no such shape")

    with beside(fails) as result, pytest.raises(WorkFailed) as caught:
        result()
    assert "ValueError: no such shape" in str(caught.value)


def test_a_copy_that_dies_is_an_error_not_a_wait() -> None:
    with beside(lambda: os._exit(3)) as result, pytest.raises(WorkFailed) as caught:
        result()
    assert "exit code 3" in str(caught.value)


def test_each_shared_item_is_taken_once() -> None:
    queue = Shared(200)

    def take_all() -> list[int]:
        taken = []
        while (item := queue.claim()) is not None:
            taken.append(item)
        return taken

    with beside(take_all) as theirs:
        mine = take_all()
        together = mine + theirs()
    assert sorted(together) == list(range(200))
