"""The pickle trust policy: pickle-based versions load by default only from a private local store and
when the current user wrote them; shared stores and other writers need allow_pickle=True or the store
listed in $LINEAGE_EXT_TRUSTED_STORES."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lineage_ext.artifacts import Artifact
from lineage_ext.errors import PickleRefused
from lineage_ext.store import ArtifactStore, open_store
from lineage_ext.store.serializers import envelope
from lineage_ext.store.trust import TRUSTED_ENV

PICKLE_ONLY = {"cells": [{1, 2}, (3, 4)]}  # wrapped in Holder, a plain class only pickle can store


class Holder:
    def __init__(self, payload: object) -> None:
        self.payload = payload

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Holder) and other.payload == self.payload

    __hash__ = None  # type: ignore[assignment]


def _save_pickled(store: ArtifactStore, name: str = "obj") -> Holder:
    value = Holder(PICKLE_ONLY)
    assert store.save_value(value, name).serializer == "cloudpickle"
    return value


def _as_other_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Write as "alice": her identity in the header, signed with her own key."""
    monkeypatch.setenv(envelope.KEY_ENV, str(tmp_path / "alice-config"))
    monkeypatch.setattr(envelope, "_identity", lambda: ("alice", os.getuid() + 4242, "alices-laptop"))


@pytest.fixture(autouse=True)
def _own_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(envelope.KEY_ENV, str(tmp_path / "my-config"))
    monkeypatch.delenv(TRUSTED_ENV, raising=False)


def test_a_private_local_store_loads_what_you_wrote(local_store: ArtifactStore) -> None:
    value = _save_pickled(local_store)
    assert local_store.load_value("obj") == value
    artifact = Artifact(local_store, local_store.info("obj"))
    assert artifact.get_value() == value
    assert artifact.metadata["serializer"] == "cloudpickle"
    assert artifact.metadata["pickle_based"] is True
    assert "cloudpickle (pickle: loads only where trusted)" in artifact._repr_html_()


def test_allow_pickle_false_refuses_even_locally(local_store: ArtifactStore) -> None:
    _save_pickled(local_store)
    with pytest.raises(PickleRefused, match="refused"):
        local_store.load_value("obj", allow_pickle=False)


def test_a_version_another_user_wrote_is_refused_until_allowed(
    local_store: ArtifactStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with monkeypatch.context() as other:
        _as_other_user(other, tmp_path)
        value = _save_pickled(local_store, "theirs")
    mine = _save_pickled(local_store, "mine")
    with pytest.raises(PickleRefused, match=r"written by alice \(uid \d+\) on alices-laptop, not by you"):
        local_store.load_value("theirs")
    with pytest.raises(PickleRefused, match="allow_pickle=True"):
        Artifact(local_store, local_store.info("theirs")).get_value()
    assert local_store.load_value("mine") == mine
    assert local_store.load_value("theirs", allow_pickle=True) == value
    monkeypatch.setenv(TRUSTED_ENV, str(Path(local_store.blobs.describe()).parent))
    assert local_store.load_value("theirs") == value


def test_a_header_naming_you_without_your_key_is_refused(
    local_store: ArtifactStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a copied project store whose header claims to be you: the MAC does not verify with your key
    with monkeypatch.context() as other:
        other.setenv(envelope.KEY_ENV, str(tmp_path / "someone-else"))
        _save_pickled(local_store, "forged")
    with pytest.raises(PickleRefused, match="not by you"):
        local_store.load_value("forged")


def test_a_folder_others_can_write_is_a_shared_store(local_store: ArtifactStore) -> None:
    value = _save_pickled(local_store)
    folder = Path(local_store.blobs.describe()).parent
    folder.chmod(folder.stat().st_mode | 0o002)
    try:
        with pytest.raises(PickleRefused, match="can be written by every user"):
            local_store.load_value("obj")
        assert local_store.load_value("obj", allow_pickle=True) == value
    finally:
        folder.chmod(folder.stat().st_mode & ~0o002)


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param("postgres-local", marks=pytest.mark.postgres),
        pytest.param("sqlite-s3", marks=pytest.mark.s3),
    ],
)
def test_shared_backends_refuse_pickles_unless_allowed_or_trusted(
    store: ArtifactStore, store_uris: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    value = _save_pickled(store)
    with pytest.raises(PickleRefused, match="shared"):
        store.load_value("obj")
    assert store.load_value("obj", allow_pickle=True) == value
    store_uri, blob_uri = store_uris
    monkeypatch.setenv(TRUSTED_ENV, f"/elsewhere, {store_uri if '://' in store_uri else blob_uri}")
    assert store.load_value("obj") == value
    # safe formats are never affected by the policy
    store.save_value({"a": (1, 2)}, "safe")
    monkeypatch.delenv(TRUSTED_ENV)
    assert store.load_value("safe", allow_pickle=False) == {"a": (1, 2)}


def test_a_reopened_store_keeps_the_policy(tmp_path: Path) -> None:
    folder = str(tmp_path / "store")
    first = open_store(folder)
    value = _save_pickled(first)
    first.close()
    again = open_store(folder)
    assert again.load_value("obj") == value
    again.close()


def test_a_pickle_without_writer_record_is_refused(
    local_store: ArtifactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lineage_ext.store.serializers import fallback

    with monkeypatch.context() as old_format:  # a blob as pickle-based values were stored before
        old_format.setattr(fallback, "write_signed", lambda payload, out: out.write(payload))
        local_store.save_value((1, 2), "legacy", storage_backend="pickle")
    assert not local_store.read_blob("legacy").startswith(envelope.MAGIC)
    with pytest.raises(PickleRefused, match="unknown writer"):
        local_store.load_value("legacy")
    assert local_store.load_value("legacy", allow_pickle=True) == (1, 2)
