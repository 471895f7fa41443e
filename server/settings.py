"""One frozen settings object, built once from flags and the environment, then passed in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_STORE = Path("data/store")


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
