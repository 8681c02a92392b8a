"""A damaged store is a 503 that says how to recover, never an empty catalogue or a 500."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from lineage_ext.store import open_store


async def test_a_truncated_metadata_database_answers_503_with_the_way_out(
    jp_fetch: Any, store_dir: Path
) -> None:
    store = open_store(str(store_dir))
    store.save_value({"rows": 3}, "clean_data")
    store.close()
    (store_dir / "metadata.sqlite").write_bytes(b"")
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("lineage", "artifacts")
    assert raised.value.code == 503
    body = json.loads(raised.value.response.body)
    assert "lineage-ext store rebuild" in body["message"]
