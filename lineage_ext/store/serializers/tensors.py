"""torch tensors -> safetensors (no pickle), when the safetensors package is installed.

Dense CPU tensors are stored with their dtype and shape; ``requires_grad`` of a leaf tensor is kept in the
file's metadata. Anything safetensors cannot give back equal (tensors on another device, sparse or
quantized tensors, non-leaf tensors carrying a graph) raises ``NotLossless`` and the store falls through
to the next serializer.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from lineage_ext.store.blobs import BlobWriter, Buffer

from . import NotLossless, Serializer, is_instance_of

_KEY = "tensor"


def _is_tensor(value: Any) -> bool:
    return is_instance_of(value, "torch", "Tensor") and importlib.util.find_spec("safetensors") is not None


def _write_tensor(value: Any, out: BlobWriter) -> None:
    from safetensors.torch import save

    if value.device.type != "cpu" or value.is_sparse or value.is_quantized or value.grad_fn is not None:
        raise NotLossless("safetensors stores dense CPU leaf tensors only")
    metadata = {"requires_grad": "1" if value.requires_grad else "0"}
    try:
        data = save({_KEY: value.detach().contiguous()}, metadata=metadata)
    except (ValueError, TypeError, RuntimeError) as exc:
        raise NotLossless(f"safetensors cannot store this tensor: {exc}") from exc
    if not _same(_read_tensor(data), value.detach()):
        raise NotLossless("safetensors would not give back this tensor unchanged")
    out.write(data)


def _same(back: Any, value: Any) -> bool:
    import torch

    if back.dtype != value.dtype or back.shape != value.shape:
        return False
    if torch.equal(back, value):
        return True
    # NaN != NaN: compare floating tensors with NaNs as equal, and nothing else tolerated
    return bool(value.is_floating_point() and torch.allclose(back, value, rtol=0.0, atol=0.0, equal_nan=True))


def _read_tensor(data: Buffer) -> Any:
    import json

    from safetensors.torch import load

    raw = bytes(data)
    tensor = load(raw)[_KEY]
    header_size = int.from_bytes(raw[:8], "little")
    metadata = json.loads(raw[8 : 8 + header_size]).get("__metadata__", {})
    if metadata.get("requires_grad") == "1":
        tensor.requires_grad_(True)
    return tensor


SERIALIZERS = (Serializer("safetensors", _write_tensor, _read_tensor, matches=_is_tensor),)
