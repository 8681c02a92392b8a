"""``CatalogWidget``: ``lineage_ext.artifact_store()`` as an interactive table in a notebook.

Owns the browsing controls: a name filter, "latest only", picking an artifact and one of its versions,
"code" (the minimal code, or the reason there is none) and "delete" (two clicks: delete, then confirm).
It reads and deletes through the ``ArtifactStore`` of the catalog it was given; it never loads a value,
so it never unpickles anything. The static fallback (``text/html``) is the catalog's own table.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from lineage_ext.errors import LineageError

HEADERS = ("name", "version", "created (UTC)", "type", "size", "code", "verification")


class CatalogWidget(widgets.VBox):  # type: ignore[misc]
    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        self.store = catalog.store
        self.filter_box = widgets.Text(
            placeholder="filter by name", description="Filter", continuous_update=False
        )
        self.latest_box = widgets.Checkbox(value=False, description="latest only", indent=False)
        self.name_menu = widgets.Dropdown(description="Artifact")
        self.version_menu = widgets.Dropdown(description="Version")
        self.code_button = widgets.Button(description="Code", icon="code", tooltip="show the minimal code")
        self.delete_button = widgets.Button(description="Delete", icon="trash", button_style="warning")
        self.confirm_button = widgets.Button(description="Confirm delete", button_style="danger")
        self.confirm_button.layout.display = "none"
        self.table = widgets.HTML()
        self.detail = widgets.HTML()
        super().__init__(
            [
                widgets.HBox([self.filter_box, self.latest_box]),
                self.table,
                widgets.HBox(
                    [
                        self.name_menu,
                        self.version_menu,
                        self.code_button,
                        self.delete_button,
                        self.confirm_button,
                    ]
                ),
                self.detail,
            ]
        )
        self.filter_box.observe(self._on_filter, names="value")
        self.latest_box.observe(self._on_filter, names="value")
        self.name_menu.observe(self._on_name, names="value")
        self.code_button.on_click(lambda _: self.show_code())
        self.delete_button.on_click(lambda _: self._ask_delete())
        self.confirm_button.on_click(lambda _: self.delete_selected())
        self.reload()

    # ---- data
    def reload(self) -> None:
        """Re-read the store's listing and redraw."""
        self.infos: list[Any] = self.store.list_artifacts()
        self._render()

    def visible_infos(self) -> list[Any]:
        needle = self.filter_box.value.strip().lower()
        infos = [info for info in self.infos if needle in info.name.lower()]
        if self.latest_box.value:
            latest: dict[str, Any] = {}
            for info in infos:  # newest first already
                latest.setdefault(info.name, info)
            infos = list(latest.values())
        return infos

    def _render(self) -> None:
        infos = self.visible_infos()
        self.table.value = table_html(self.store, infos)
        names = list(dict.fromkeys(info.name for info in infos))
        current = self.name_menu.value
        self.name_menu.options = names
        self.name_menu.value = current if current in names else (names[0] if names else None)
        self._on_name({})

    def _on_filter(self, change: dict[str, Any]) -> None:
        self._render()

    def _on_name(self, change: dict[str, Any]) -> None:
        versions = [info.version for info in self.infos if info.name == self.name_menu.value]
        self.version_menu.options = versions
        self.version_menu.value = versions[0] if versions else None
        self.confirm_button.layout.display = "none"

    # ---- actions
    def selected(self) -> tuple[str, int] | None:
        if self.name_menu.value is None or self.version_menu.value is None:
            return None
        return str(self.name_menu.value), int(self.version_menu.value)

    def show_code(self) -> str:
        """Show (and return) the minimal code of the selected version, or why there is none."""
        selected = self.selected()
        text = "no artifact selected" if selected is None else _code_or_reason(self.store, *selected)
        self.detail.value = f"<pre>{html.escape(text)}</pre>"
        return text

    def _ask_delete(self) -> None:
        selected = self.selected()
        if selected is not None:
            self.confirm_button.layout.display = None
            self.detail.value = html.escape(
                f"Delete {selected[0]} version {selected[1]}? Click 'Confirm delete'."
            )

    def delete_selected(self) -> list[int]:
        selected = self.selected()
        self.confirm_button.layout.display = "none"
        if selected is None:
            return []
        try:
            deleted: list[int] = self.store.delete(selected[0], selected[1])
        except LineageError as exc:
            self.detail.value = f"<b>error:</b> {html.escape(str(exc))}"
            return []
        self.detail.value = html.escape(f"deleted {selected[0]} version {selected[1]}")
        self.reload()
        return deleted

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = table_html(self.store, self.infos)
        return bundle


def _code_or_reason(store: Any, name: str, version: int) -> str:
    from lineage_ext.artifacts import Artifact

    artifact = Artifact(store, store.info(name, version, with_lineage=False))
    try:
        return artifact.get_code()
    except LineageError as exc:
        return f"# no minimal code: {exc}"


def table_html(store: Any, infos: list[Any]) -> str:
    """The listing as a plain HTML table (also the fallback for frontends without widgets)."""
    from lineage_ext.artifacts import ArtifactCatalog

    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    rows = [
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in ArtifactCatalog(store, infos).rows()
    ]
    caption = f"<caption>{len(infos)} artifact versions in {html.escape(store.describe())}</caption>"
    body = "".join(rows)
    table = f"{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
    return f'<table class="lineage-ext-catalog">{table}</table>'
