"""The store's own errors for failed writes: a full disk or quota becomes ``StoreFull`` with what to do.

SQLite's own failures are translated in ``metadata/sqlite.py``; this covers blob and side-file writes.
"""

from __future__ import annotations

import errno

from lineage_ext.errors import StoreError, StoreFull


def store_write_error(exc: OSError, where: str) -> StoreError:
    """The store's own error for a failed blob write: ``StoreFull`` for a full disk or quota."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StoreFull(
            f"no space left to save into {where} ({exc.strerror}); nothing was saved and every earlier "
            "version is still readable: free some space (`lineage-ext artifacts gc` removes unused "
            "blobs) and save again"
        )
    return StoreError(f"could not write the value to {where}: {exc}")
