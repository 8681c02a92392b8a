"""OpenLineage events for artifact saves (optional extra ``lineage_ext[openlineage]``).

A notebook (or a script, or an exported pipeline task) is an OpenLineage *job*; each save is a
*run* of it with a START and a COMPLETE event (FAIL when the save raised). Inputs are the
artifacts loaded and files read upstream of the saved value; outputs are the artifact and the
files its code wrote. Nothing is emitted unless OpenLineage is configured the usual way
(``OPENLINEAGE_URL``, ``OPENLINEAGE__TRANSPORT__*``, ``OPENLINEAGE_CONFIG`` or an
``openlineage.yml``); the client's own transports (console, file, HTTP, ...) deliver the events.

``config`` decides whether to emit, ``events`` builds events from a ``SaveRecord``, ``emitter``
sends them off the caller's thread.
"""

from __future__ import annotations

from .config import configured
from .emitter import emit_save, flush
from .events import SaveRecord

__all__ = ["SaveRecord", "configured", "emit_save", "flush"]
