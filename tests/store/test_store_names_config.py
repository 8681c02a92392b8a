"""Name validation, the store location rule, URI parsing and the network-filesystem check."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage_ext.errors import InvalidArtifactName, StoreUnavailable
from lineage_ext.store.config import parse_location, resolve_blob_uri, resolve_store_uri
from lineage_ext.store.filesystem import ensure_local_writable_folder, filesystem_type
from lineage_ext.store.names import validate_name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("..", "'..'"),
        ("a..b", "'..'"),
        (".", "'..'"),
        ("bad\x00name", "control character"),
        ("tab\tname", "control character"),
        ("new\nline", "control character"),
        ("x" * 201, "limit is 200"),
        (" padded", "whitespace"),
        (42, "must be a string"),
    ],
)
def test_invalid_names_are_refused(name: object, message: str) -> None:
    with pytest.raises(InvalidArtifactName, match=message):
        validate_name(name)


@pytest.mark.parametrize("name", ["model", "train data v2", "x" * 200, "données", "a.b-c_d", "résumé.v1"])
def test_valid_names_are_kept_unchanged(name: str) -> None:
    assert validate_name(name) == name


def test_store_location_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LINEAGE_EXT_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_store_uri() == str(tmp_path / "xdg" / "lineage_ext")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_store_uri() == str(tmp_path / "home" / ".local" / "share" / "lineage_ext")
    (tmp_path / ".lineage_ext").mkdir()
    assert resolve_store_uri() == str(tmp_path / ".lineage_ext")
    monkeypatch.setenv("LINEAGE_EXT_STORE", "/env/store")
    assert resolve_store_uri() == "/env/store"
    assert resolve_store_uri("/explicit") == "/explicit"


def test_blob_location_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINEAGE_EXT_BLOBS", raising=False)
    assert resolve_blob_uri("/data/store") == "/data/store/blobs"
    assert resolve_blob_uri("file:///data/store") == "/data/store/blobs"
    with pytest.raises(StoreUnavailable, match="needs a blob location"):
        resolve_blob_uri("postgresql://db/lineage")
    monkeypatch.setenv("LINEAGE_EXT_BLOBS", "s3://bucket/prefix")
    assert resolve_blob_uri("postgresql://db/lineage") == "s3://bucket/prefix"
    assert resolve_blob_uri("/x", "/explicit") == "/explicit"


def test_parse_location_classifies_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINEAGE_EXT_BLOBS", raising=False)
    local = parse_location("file:///srv/my%20store")
    assert (local.metadata_kind, local.metadata_target) == ("sqlite", "/srv/my store/metadata.sqlite")
    assert (local.blob_kind, local.blob_target) == ("local", "/srv/my store/blobs")
    team = parse_location("postgresql://u@db:5432/lineage", "s3://team-bucket/artifacts/")
    assert (team.metadata_kind, team.metadata_target) == ("postgresql", "postgresql://u@db:5432/lineage")
    assert (team.blob_kind, team.blob_target) == ("s3", "team-bucket/artifacts")
    with pytest.raises(StoreUnavailable, match="unsupported store URI scheme 'mysql'"):
        parse_location("mysql://db/x")
    with pytest.raises(StoreUnavailable, match="remote host"):
        parse_location("file://otherhost/srv/store")
    with pytest.raises(StoreUnavailable, match="names no bucket"):
        parse_location("/srv/store", "s3://")


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export /mnt/team nfs4 rw,vers=4.2 0 0
//nas/share /mnt/nas cifs rw 0 0
user@host:/home /mnt/remote\\040dir fuse.sshfs rw 0 0
tmpfs /mnt/team/local tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fs_type"),
    [
        ("/home/me/store", "ext4"),
        ("/mnt/team/store", "nfs4"),
        ("/mnt/team/local/store", "tmpfs"),
        ("/mnt/nas/x", "cifs"),
        ("/mnt/remote dir/store", "fuse.sshfs"),
        ("/mnt/teamwork", "ext4"),
    ],
)
def test_filesystem_type_uses_the_longest_mount_point(path: str, fs_type: str) -> None:
    assert filesystem_type(path, MOUNTS) == fs_type


@pytest.mark.parametrize("path", ["/mnt/team/store", "/mnt/nas/x", "/mnt/remote dir/store"])
def test_network_filesystems_are_refused(path: str) -> None:
    with pytest.raises(StoreUnavailable, match="network filesystem"):
        ensure_local_writable_folder(path, MOUNTS)


def test_the_real_mount_table_classifies_a_temp_folder(tmp_path: Path) -> None:
    fs_type = filesystem_type(str(tmp_path / "not" / "yet" / "created"))
    assert fs_type is not None
    assert fs_type not in ("nfs", "cifs")
    ensure_local_writable_folder(str(tmp_path / "store"))
    assert (tmp_path / "store").is_dir()
