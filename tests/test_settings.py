"""The one settings object: typed from the environment, flags first, bad values named."""

from __future__ import annotations

import pytest

from server.cli import parser
from server.settings import Settings


def test_yes_no_settings_read_from_the_environment() -> None:
    assert Settings.from_env({"NKKG_ACCESS_LOG": "on"}).access_log is True
    assert Settings.from_env({"NKKG_ACCESS_LOG": "False"}).access_log is False
    assert Settings.from_env({}).access_log is False
    with pytest.raises(ValueError, match="NKKG_ACCESS_LOG: not yes or no: 'maybe'"):
        Settings.from_env({"NKKG_ACCESS_LOG": "maybe"})


def test_flags_win_over_the_environment() -> None:
    args = parser().parse_args(["serve", "--access-log", "--answer-cache-bytes", "0"])
    settings = Settings.from_env(
        {"NKKG_ACCESS_LOG": "no", "NKKG_ANSWER_CACHE_BYTES": "5"},
        access_log=args.access_log,
        answer_cache_bytes=args.answer_cache_bytes,
    )
    assert settings.access_log is True and settings.answer_cache_bytes == 0
    args = parser().parse_args(["serve", "--no-access-log"])
    assert (
        Settings.from_env({"NKKG_ACCESS_LOG": "yes"}, access_log=args.access_log).access_log
        is False
    )


def test_numbers_are_checked() -> None:
    with pytest.raises(ValueError, match="NKKG_PORT: not a number: 'http'"):
        Settings.from_env({"NKKG_PORT": "http"})
