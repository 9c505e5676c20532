"""Errors of policyextract: one root, one class per thing that can go wrong, coded messages.

Every message says which file (and line, where there is one) and what to do. Codes (E1xx patterns,
E2xx input: corpus files, metadata, annotation and gold files; E3xx output; E4xx missing optional
extras; E5xx arguments of library calls) make failures easy to grep in logs and CI output.
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


class UnsafePatternError(PatternFileError):
    """A pattern could take time or memory out of proportion to the text: a regular expression with a
    nested quantifier, a repetition bound over the limit, JSON nested too deep."""

    code = "E101"


class EmptyPatternFileError(PatternFileError):
    """A family's pattern file has no pattern and does not say it is empty on purpose."""

    code = "E102"


class NotRegularFileError(InputFileError):
    """An entry of the corpus is not a regular file (a FIFO, a device, a socket): it is never opened."""

    code = "E201"


class FileNameError(InputFileError):
    """A file name is not valid UTF-8; the failure names it with `\\xNN` escapes (see `escape_name`)."""

    code = "E202"


class FolderError(InputFileError):
    """A folder of the corpus cannot be listed, or a symbolic link cannot be followed (a loop)."""

    code = "E203"


class FileTooLargeError(InputFileError):
    """A file is larger than --max-bytes."""

    code = "E204"


class MetadataError(FileLineError):
    """`metadata.csv` cannot be used (missing required column, unreadable)."""

    code = "E210"


class MetadataEncodingError(MetadataError):
    """`metadata.csv` is not UTF-8."""

    code = "E211"


class MetadataSyntaxError(MetadataError):
    """`metadata.csv` is not well-formed CSV: an unterminated quote, a field over the size limit."""

    code = "E212"


class ExtractionError(InputFileError):
    """Extraction raised on one document (a bug on an odd article): its file becomes a failure."""

    code = "E290"


class DocumentTimeoutError(InputFileError):
    """Extracting one document took longer than its time budget (--timeout-per-file)."""

    code = "E291"


class OutputError(PolicyExtractError):
    """Outputs cannot be written where asked (exists without --force, unknown format)."""

    code = "E300"


class OutputLockedError(OutputError):
    """Another run is writing into the same output folder."""

    code = "E301"


class OutputWriteError(OutputError):
    """Outputs could not be written (disk full, permission, I/O error); the previous outputs are kept."""

    code = "E302"


class TornOutputError(OutputError):
    """An output folder's tables do not match its manifest (a run interrupted while committing, or tables
    edited or removed afterwards): readers refuse it."""

    code = "E303"


class DamagedOutputError(FileLineError):
    """A line of an output table cannot be read (not UTF-8, not JSON, not a row)."""

    code = "E304"


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
