"""Reads the files InteropFixturesTest.writesFilesForThePythonCheck wrote with Nabla and checks
them with the Python safetensors package, PyTorch and NumPy (a one-off check; CI does not have
the safetensors package). Run from nabla-io/ after the tests:

    python3 src/test/python/check_nabla_output.py target/interop-from-nabla
"""
import io
import os
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save

from make_fixtures import BOOL, F32, F64, I64

d = sys.argv[1]
tensors = {
    "weight": torch.tensor(F32, dtype=torch.float32).reshape(2, 3),
    "scale": torch.tensor(F64[0], dtype=torch.float64),
    "ids": torch.tensor(I64, dtype=torch.int64),
    "mask": torch.tensor(BOOL).reshape(2, 2),
    "empty": torch.zeros((0, 3), dtype=torch.float32),
}
path = os.path.join(d, "writable.safetensors")
loaded = load_file(path)
assert loaded.keys() == tensors.keys(), loaded.keys()
for k, v in tensors.items():
    assert loaded[k].dtype == v.dtype and loaded[k].shape == v.shape, k
    assert torch.equal(loaded[k], v), k
with safe_open(path, framework="pt") as f:
    assert f.metadata() == {"format": "pt"}, f.metadata()
assert open(path, "rb").read() == save(tensors, metadata={"format": "pt"}), "bytes differ from safetensors.save"
print("safetensors: Nabla's file loads in safetensors", __import__("safetensors").__version__, "and equals its own bytes")

arrays = {
    "f4": np.array(F32, dtype=np.float32).reshape(2, 3),
    "f8_scalar": np.array(F64[0], dtype=np.float64),
    "i8": np.array(I64, dtype=np.int64),
    "b1": np.array(BOOL).reshape(2, 2),
    "i8_empty": np.zeros((0,), dtype=np.int64),
    "f4_zero_dim": np.zeros((2, 0, 3), dtype=np.float32),
}
for name, expected in arrays.items():
    p = os.path.join(d, name + ".npy")
    a = np.load(p, allow_pickle=False)
    assert a.dtype == expected.dtype and a.shape == expected.shape, name
    assert np.array_equal(a, expected), name
    buf = io.BytesIO()
    np.save(buf, expected)
    assert open(p, "rb").read() == buf.getvalue(), name + ": bytes differ from numpy.save"
for name in ["stored.npz", "deflated.npz"]:
    with np.load(os.path.join(d, name), allow_pickle=False) as z:
        assert list(z.keys()) == ["weight", "ids", "mask"], list(z.keys())
        assert np.array_equal(z["weight"], arrays["f4"]) and z["weight"].dtype == np.float32
        assert np.array_equal(z["ids"], arrays["i8"]) and z["ids"].dtype == np.int64
        assert np.array_equal(z["mask"], arrays["b1"]) and z["mask"].dtype == np.bool_
print("numpy: Nabla's .npy files load in numpy", np.__version__, "and equal numpy.save's bytes; .npz load too")
