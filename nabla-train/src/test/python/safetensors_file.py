"""Writes a safetensors file without the safetensors package (PyTorch 1.13 alone is enough).

The format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
and byte range (plus an optional "__metadata__" map of strings), padded with spaces to a multiple
of 8, then the raw little-endian data of the tensors in header order.
"""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL"}


def save(tensors, path, metadata=None):
    """Saves a dict name -> tensor (float32, float64, int64 or bool) to path."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
