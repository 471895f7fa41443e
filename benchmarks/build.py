"""Cold builds, timed stage by stage: the figure the README gives.

    .venv/bin/python benchmarks/build.py [--runs 3]

Each run starts cold: every `__pycache__` of this checkout and of the virtual environment
dropped (so Python compiles every module again), a new process, a new store directory. It runs
`nkkg build` as a user would, reads the seconds each stage's line ends with, and prints them as a
Markdown table, one column per run, with the wall time of the whole command (imports included)
and the machine's load average before the run (the build has two cores only if nothing else
runs). The best run is the one to quote.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = re.compile(r"^(\S+)\s.*\((\d+\.\d) s(?:, beside)?(?:; built in (\d+\.\d) s)?\)$")


def drop_bytecode() -> int:
    """Removes every `__pycache__` of the checkout and the virtual environment; gives how many."""
    found = [
        folder
        for top in {ROOT, Path(sys.prefix)}
        for folder in top.rglob("__pycache__")
        if folder.is_dir()
    ]
    for folder in found:
        shutil.rmtree(folder, ignore_errors=True)
    return len(found)


def cold_build(scratch: Path) -> tuple[dict[str, float], float, float]:
    """Gives one cold build's seconds per stage, its wall time and the load average before it."""
    drop_bytecode()
    store = scratch / f"store-{time.monotonic_ns()}"
    load = os.getloadavg()[0]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "build", "--store", str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"nkkg build failed:\n{done.stderr}")
    stages: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if found := STAGE.match(line):
            stages[found[1]] = float(found[2])
            if found[3]:
                stages["built in"] = float(found[3])
    return stages, wall, load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="nkkg-cold-") as scratch:
        for n in range(args.runs):
            stages, wall, load = cold_build(Path(scratch))
            runs.append((stages, wall, load))
            print(f"run {n + 1}: {wall:.1f} s, load average {load:.2f} before", flush=True)
    best = min(range(len(runs)), key=lambda n: runs[n][1])
    names = list(runs[best][0])
    print("\n| stage | " + " | ".join(f"run {n + 1}" for n in range(len(runs))) + " |")
    print("| --- |" + " ---: |" * len(runs))
    for name in names:
        cells = [f"{stages.get(name, float('nan')):.1f}" for stages, _, _ in runs]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| wall, imports included | " + " | ".join(f"{w:.1f}" for _, w, _ in runs) + " |")
    print("| load average before | " + " | ".join(f"{a:.2f}" for _, _, a in runs) + " |")
    print(f"\nbest: run {best + 1}, {runs[best][1]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
