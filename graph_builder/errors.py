"""The build's one exception hierarchy: every error names the input, the place and what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class BuildError(Exception):
    """A build failed; `str()` reads `file:line: message (value)` for a person to act on."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        value: object = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.value = value
        super().__init__(self.__str__())

    def __str__(self) -> str:
        place = ""
        if self.file is not None:
            place = self.file if self.line is None else f"{self.file}:{self.line}"
            place += ": "
        shown = "" if self.value is None else f" (got {self.value!r})"
        return f"{place}{self.message}{shown}"


class TextShapeError(ValueError):
    """A parser met a line it cannot read; the caller adds the file and raises CorpusError."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class CorpusError(BuildError):
    """The corpus file is missing, altered (checksum) or not shaped as the parser expects."""


class CurationError(BuildError):
    """A curated file breaks its schema, refers to an unknown id, or quotes words the article
    does not have (or has more than once without an `offset`)."""


class OntologyError(BuildError):
    """The ontology does not parse, uses constructs outside OWL Lite, or is inconsistent or has
    an unsatisfiable class according to the reasoner."""


class ValidationError(BuildError):
    """The graph fails a quality check: a SHACL shape, the OWL RL closure, the dump round trip.

    `findings` holds one line per problem (for SHACL: focus node, path, value, message, shape);
    `str()` lists the first of them under the message."""

    SHOWN = 20

    def __init__(
        self,
        message: str,
        *,
        findings: Sequence[str] = (),
        file: Path | str | None = None,
        line: int | None = None,
        value: object = None,
    ) -> None:
        self.findings = tuple(findings)
        super().__init__(message, file=file, line=line, value=value)

    def __str__(self) -> str:
        lines = [super().__str__(), *(f"  {f}" for f in self.findings[: self.SHOWN])]
        if len(self.findings) > self.SHOWN:
            lines.append(f"  … and {len(self.findings) - self.SHOWN} more")
        return "\n".join(lines)


class StoreError(BuildError):
    """The store could not be written, swapped in or opened."""


class PublishError(BuildError):
    """A graph store endpoint refused the published graphs or stayed out of reach; the message
    names the URL, the HTTP status (or the connection error) and what the engine said."""
