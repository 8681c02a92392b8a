"""Links from artifact versions to runs in other systems (an MLflow run that saved or loaded them).

A link is ``(system, relation, ref, url)``: ``system`` names the other tool (``"mlflow"``),
``relation`` says how the run used the version (``"output"``: saved in it, ``"input"``: loaded in
it), ``ref`` is that system's id (a run id) and ``url`` where a person can open it, if known.
Adding the same link twice keeps one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .metadata import Tx
from .metadata.schema import ARTIFACT_LINKS
from .records import find_row

Relation = Literal["input", "output"]
RELATIONS: tuple[str, ...] = ("input", "output")
_LINK_COLUMNS = ARTIFACT_LINKS.select("system", "relation", "ref", "url")


@dataclass(frozen=True)
class ArtifactLink:
    system: str
    relation: Relation
    ref: str
    url: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"system": self.system, "relation": self.relation, "ref": self.ref, "url": self.url}


def add_link(tx: Tx, name: str, version: int, link: ArtifactLink) -> None:
    if link.relation not in RELATIONS:
        raise ValueError(f"a link's relation is one of {RELATIONS}, not {link.relation!r}")
    artifact_id = find_row(tx, name, version)["id"]
    tx.execute(
        "INSERT INTO artifact_links (artifact_id, system, relation, ref, url) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (artifact_id, system, relation, ref) DO UPDATE SET url = excluded.url",
        (artifact_id, link.system, link.relation, link.ref, link.url),
    )


def read_links(tx: Tx, name: str, version: int | None) -> list[ArtifactLink]:
    artifact_id = find_row(tx, name, version)["id"]
    rows = tx.fetchall(
        f"SELECT {_LINK_COLUMNS} FROM artifact_links WHERE artifact_id = ? ORDER BY system, relation, ref",
        (artifact_id,),
    )
    return [ArtifactLink(row["system"], row["relation"], row["ref"], row["url"]) for row in rows]
