"""Writes the interoperability fixtures under src/test/resources/dev/nabla/io/fixtures/.

Run from nabla-io/ with a Python that has torch, numpy and the safetensors package
(`python3 src/test/python/make_fixtures.py`). The fixtures are committed; this script documents
how they were made and lets them be regenerated. The values here are repeated in
InteropFixturesTest, which checks that Nabla reads exactly them and writes the same bytes.
"""
import os

import numpy as np
import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "nabla", "io", "fixtures")

F32 = [0.5, -1.25, 3.0, 1e-3, -0.0, 65504.0]
F64 = [3.141592653589793]
I64 = [0, -1, 2**40, -(2**62), 7]
BOOL = [True, False, False, True]


def main():
    os.makedirs(OUT, exist_ok=True)
    # Tensors Nabla can write too: Nabla's bytes must equal these.
    save_file(
        {
            "weight": torch.tensor(F32, dtype=torch.float32).reshape(2, 3),
            "scale": torch.tensor(F64[0], dtype=torch.float64),  # a 0-dim scalar
            "ids": torch.tensor(I64, dtype=torch.int64),
            "mask": torch.tensor(BOOL).reshape(2, 2),
            "empty": torch.zeros((0, 3), dtype=torch.float32),
        },
        os.path.join(OUT, "writable.safetensors"),
        metadata={"format": "pt"},
    )

    # Types Nabla only reads: widened to float32 or int64.
    HALF = [1.0, -2.5, 0.099975586, 65504.0]  # float16 rounds the third to 0.0999755859375
    BHALF = [1.0, -2.5, 2.0**100, 0.0078125]  # exactly representable in bfloat16
    save_file(
        {
            "f16": torch.tensor(HALF, dtype=torch.float16),
            "bf16": torch.tensor(BHALF, dtype=torch.bfloat16).reshape(2, 2),
            "i32": torch.tensor([-(2**31), 2**31 - 1, 5], dtype=torch.int32),
            "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
            "i8": torch.tensor([-128, 127, 0], dtype=torch.int8),
            "u8": torch.tensor([0, 255, 128], dtype=torch.uint8),
        },
        os.path.join(OUT, "readonly.safetensors"),
    )

    npy = {
        "f4": np.array(F32, dtype=np.float32).reshape(2, 3),
        "f8_scalar": np.array(F64[0], dtype=np.float64),
        "i8": np.array(I64, dtype=np.int64),
        "b1": np.array(BOOL).reshape(2, 2),
        "i8_empty": np.zeros((0,), dtype=np.int64),
        "f4_zero_dim": np.zeros((2, 0, 3), dtype=np.float32),
        "i4": np.array([-(2**31), 2**31 - 1, 5], dtype=np.int32),
        "u1": np.array([0, 255, 128], dtype=np.uint8),
        "f2": np.array(HALF, dtype=np.float16),
        "f8_big_endian": np.array([1.5, -2.0, 1e300], dtype=">f8"),
        "f4_fortran": np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)),
    }
    for name, array in npy.items():
        np.save(os.path.join(OUT, name + ".npy"), array)

    # A version 2.0 header, which numpy only writes when asked.
    with open(os.path.join(OUT, "f4_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array(F32, dtype=np.float32), version=(2, 0))

    arrays = {"weight": npy["f4"], "ids": npy["i8"], "mask": npy["b1"]}
    np.savez(os.path.join(OUT, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(OUT, "deflated.npz"), **arrays)


if __name__ == "__main__":
    main()
