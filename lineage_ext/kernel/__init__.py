"""The IPython extension that traces cells into a lineage graph (see `extension.load`/`unload`).

Never imports jupyter_server or tornado. Public entry points: `extension.load`, `extension.unload`,
`api.graph`, `api.current_session`.
"""
