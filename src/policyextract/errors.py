"""Errors of policyextract: one root, one class per thing that can go wrong, coded messages.

Every message says which file (and line, where there is one) and what to do. Codes (E1xx patterns,
E2xx input, E3xx output, E4xx missing optional extras) make failures easy to grep in logs and CI output.
Only the CLI turns these into exit codes; the library raises them, and batch runs turn per-file read
errors into `failures` rows instead of raising.
"""

from __future__ import annotations

from pathlib import Path


class PolicyExtractError(Exception):
    """Root of every error this library raises; catch it to catch them all."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")


class FileLineError(PolicyExtractError):
    """A problem at a line of a file: the message reads `path:line: reason`."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {reason}")


class PatternFileError(FileLineError):
    """A pattern or lexicon file in `patterns/` is missing, malformed or inconsistent."""

    code = "E100"


class InputFileError(PolicyExtractError):
    """An input file cannot be read as text (missing, unreadable, binary, undecodable)."""

    code = "E200"

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class MetadataError(FileLineError):
    """`metadata.csv` cannot be used (missing required column, unreadable)."""

    code = "E210"


class OutputError(PolicyExtractError):
    """Outputs cannot be written where asked (exists without --force, unknown format)."""

    code = "E300"


class MissingExtraError(PolicyExtractError, ImportError):
    """A feature needs an optional extra that is not installed."""

    code = "E400"

    def __init__(self, extra: str, reason: str):
        self.extra = extra
        super().__init__(f"{reason}; install it with: pip install 'policyextract[{extra}]'")


class ArgumentError(PolicyExtractError, TypeError):
    """An argument of a library call is of a type or form the call does not accept."""

    code = "E500"

    def __init__(self, argument: str, reason: str):
        self.argument = argument
        super().__init__(f"argument {argument!r} {reason}")


class AnnotationFileError(FileLineError):
    """An annotation tool's file (spans, Prodigy, doccano, Label Studio) cannot be read back as gold."""

    code = "E220"
