"""The exception hierarchy of lineage_ext, drawn once here.

    LineageError                      base of everything we raise on purpose
    ├── ArtifactError                 artifact-level problems
    │   ├── InvalidArtifactName       a name the store refuses (empty, "/", "..", control chars, too long)
    │   ├── ArtifactNotFound          no artifact of that name
    │   │   └── NothingToDelete       delete() of a missing name/version (also a ValueError, as in LineaPy)
    │   ├── VersionNotFound           the name exists but not that version
    │   └── CodeNotCaptured           value saved outside a traced session: no code to give
    ├── SerializationError            a value no serializer can store (nothing is written)
    ├── PickleRefused                 loading a pickle-based value the trust policy does not allow
    ├── StoreError                    the store itself
    │   ├── CorruptBlob               hash mismatch or unreadable blob on read
    │   ├── StoreUnavailable          cannot open: read-only folder, network filesystem, bad URI
    │   ├── ConcurrentWriteError      a writer lost a race it could not retry
    │   ├── StoreDamaged              metadata lost, replaced or corrupt: run ``lineage-ext store check``
    │   └── StoreFull                 the disk (or quota) is full; nothing was saved
    ├── TracerError                   internal tracer failure (caught in the kernel, never reaches user code)
    ├── SliceError                    a slice cannot be computed or does not re-run
    │   └── AmbiguousParameter        an input parameter assigned zero or several times
    ├── ExportError                   pipeline export problems
    │   ├── UnknownFramework
    │   └── OutputExists              the output folder holds other files and overwrite=False
    ├── RuntimeGraphError             task-graph runtime problems (cycles, bad configs)
    │   └── TaskFailed                a task raised; carries its name and traceback
    ├── TraceUsageError               call tracing misused (a shim on a property, __slots__, a builtin type)
    └── TraceNotFound                 no stored call trace with that id

Every class keeps a human message; user-facing layers (REST, CLI) print it as is.
"""

from __future__ import annotations


class LineageError(Exception):
    """Base class of every error lineage_ext raises on purpose."""


class ArtifactError(LineageError):
    """A problem with a named artifact."""


class InvalidArtifactName(ArtifactError, ValueError):
    """The store refuses this artifact name."""


class ArtifactNotFound(ArtifactError, KeyError):
    """No artifact with that name exists."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else "artifact not found"


class VersionNotFound(ArtifactNotFound):
    """The artifact exists but not in the requested version."""


class NothingToDelete(ArtifactNotFound, ValueError):
    """``delete()`` found no such artifact or version (LineaPy raises ValueError there)."""


class CodeNotCaptured(ArtifactError):
    """The artifact was saved outside a traced session, so no code was recorded."""


class SerializationError(LineageError, TypeError):
    """No serializer can store this value; nothing was written."""


class PickleRefused(LineageError, PermissionError):
    """Loading a pickle-based value was refused by the trust policy (``store.trust``)."""


class StoreError(LineageError):
    """A failure of the store itself."""


class CorruptBlob(StoreError):
    """A blob failed its hash check or could not be read."""


class StoreUnavailable(StoreError):
    """The store cannot be opened (read-only, network filesystem, bad URI...)."""


class ConcurrentWriteError(StoreError):
    """A concurrent writer won a race that could not be retried."""


class StoreDamaged(StoreError):
    """The metadata is missing, replaced or corrupt while the blobs say it should not be.

    The store refuses to read or write rather than showing an empty catalogue; the message names
    the recovery command (``lineage-ext store check`` / ``lineage-ext store rebuild``).
    """


class StoreFull(StoreError):
    """No space left for a save; nothing was written and every earlier value is still readable."""


class TracerError(LineageError):
    """Internal tracer failure; caught in the kernel, never shown as a user error."""


class SliceError(LineageError):
    """A slice cannot be computed, or the computed slice does not re-run."""


class AmbiguousParameter(SliceError, ValueError):
    """An input parameter is not assigned exactly once with a literal."""


class ExportError(LineageError):
    """Pipeline export failed."""


class UnknownFramework(ExportError, ValueError):
    """The requested export framework does not exist."""


class OutputExists(ExportError, FileExistsError):
    """The output folder holds other files and overwrite was not requested."""


class RuntimeGraphError(LineageError):
    """The local task-graph runtime met an invalid graph or a failed task."""


class TraceUsageError(LineageError, ValueError):
    """Call tracing was misused: bad decorator arguments, bad limit, a method that cannot be shimmed."""


class TaskFailed(RuntimeGraphError):
    """A task of a local task-graph run raised; ``task_name`` and ``task_traceback`` say which and how."""

    def __init__(self, task_name: str, task_traceback: str, failed: list[str]) -> None:
        others = f" ({len(failed)} tasks failed: {', '.join(failed)})" if len(failed) > 1 else ""
        last_line = task_traceback.strip().splitlines()[-1] if task_traceback.strip() else "no traceback"
        super().__init__(f"task {task_name!r} failed: {last_line}{others}")
        self.task_name = task_name
        self.task_traceback = task_traceback
        self.failed = failed


class TraceNotFound(LineageError, KeyError):
    """No call trace with that id is stored."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "call trace not found"
