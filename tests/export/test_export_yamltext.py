"""The YAML writer: whatever it writes, a YAML loader reads back as the same data."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage_ext.export import yamltext

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)
keys = st.text(min_size=1, max_size=12)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, documents, max_size=5))
def test_round_trips_through_a_yaml_loader(data: dict[str, object]) -> None:
    assert yaml.safe_load(yamltext.dump(data)) == data


def test_code_becomes_a_readable_literal_block() -> None:
    text = yamltext.dump({"args": ["def f():\n    return 1\n", "--x"]})
    assert text == 'args:\n  - |\n    def f():\n        return 1\n  - "--x"\n'


@pytest.mark.parametrize(
    "value",
    [
        "true",
        "no",
        "1.5",
        "-x",
        "a: b",
        "#c",
        "",
        " lead",
        "\n  x\ny",
        "\n\n",
        "a\n\tb\n",
        "\n \n",
        "A\n",
        "key\n",
    ],
)
def test_ambiguous_strings_are_quoted(value: str) -> None:
    assert yaml.safe_load(yamltext.dump({"k": value})) == {"k": value}
