"""The README can't drift: its commands, settings and sample output are checked here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from server.settings import documented_settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_commands() -> None:
    shell = _blocks("sh")
    assert "nkkg build" in shell[0] and shell[0].startswith("python3 -m venv .venv")
    assert shell[1].strip().endswith(".venv/bin/pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _blocks("sh")[1].strip()
    assert test_command in ci.splitlines()


def test_every_setting_is_documented() -> None:
    table = README.split("<!-- settings -->", 1)[1]
    for name, env, help_text in documented_settings():
        assert f"| {name} |" in table and f"`{env}`" in table and help_text in table


def test_sample_output_is_the_real_output(built_store: Path) -> None:
    match = re.search(r"<!-- sample-output: (\S+) -->\n```text\n(.*?)```", README, flags=re.S)
    assert match, "README has no sample-output block"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "query",
            "--store",
            str(built_store),
            str(ROOT / match[1]),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert match[2] == done.stdout
