"""Artifact lists come in pages; callers that do not ask for one (today's panel) get a default page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lineage_ext.store import open_store


def save_versions(store_dir: Path, name: str, count: int) -> None:
    store = open_store(str(store_dir))
    try:
        for i in range(count):
            store.save_value(i, name)
    finally:
        store.close()


async def get_json(jp_fetch: Any, *parts: str, **params: str) -> Any:
    return json.loads((await jp_fetch("lineage", *parts, params=params)).body)


async def test_artifact_list_pages(jp_fetch: Any, store_dir: Path) -> None:
    save_versions(store_dir, "counter", 5)
    everything = await get_json(jp_fetch, "artifacts")
    assert [a["version"] for a in everything["artifacts"]] == [5, 4, 3, 2, 1]
    assert (everything["total"], everything["offset"], everything["limit"], everything["next_offset"]) == (
        5,
        0,
        500,
        None,
    )
    first = await get_json(jp_fetch, "artifacts", limit="2")
    assert [a["version"] for a in first["artifacts"]] == [5, 4]
    assert first["next_offset"] == 2
    last = await get_json(jp_fetch, "artifacts", limit="2", offset="4")
    assert [a["version"] for a in last["artifacts"]] == [1]
    assert last["next_offset"] is None
    huge = await get_json(jp_fetch, "artifacts", limit="999999")
    assert huge["limit"] == 1000  # capped, so a reply stays bounded


async def test_versions_page_like_the_list(jp_fetch: Any, store_dir: Path) -> None:
    save_versions(store_dir, "counter", 3)
    page = await get_json(jp_fetch, "artifacts", "counter", limit="1", offset="1")
    assert page["name"] == "counter"
    assert [v["version"] for v in page["versions"]] == [2]
    assert (page["total"], page["next_offset"]) == (3, 2)
