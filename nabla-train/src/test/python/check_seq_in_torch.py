"""Checks that Nabla's RNN, LSTM, GRU and MultiheadAttention model files load into PyTorch.

    python3 src/test/python/check_seq_in_torch.py target/torch-interop-seq

For each model directory written by TorchInteropTest.writesSequenceModelsForThePyTorchSideCheck:
builds the PyTorch layer from the "config" in model.json (its keys are PyTorch's constructor
arguments), loads the weights file with safetensors and load_state_dict(strict=True), runs the
stored input "x" and compares with Nabla's output "y". Needs torch and safetensors.
"""
import json
import os
import sys

import torch
from safetensors.torch import load_file

root = sys.argv[1]
worst = 0.0
for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    meta = json.load(open(os.path.join(d, "model.json")))
    arch = meta["architecture"]
    kind, cfg = arch["type"], dict(arch["config"])
    if kind == "MultiheadAttention":
        m = torch.nn.MultiheadAttention(batch_first=True, **cfg)
    else:
        m = getattr(torch.nn, kind)(**cfg)
    m.load_state_dict(load_file(os.path.join(d, meta["weights"]["file"])), strict=True)
    m.eval()
    io = load_file(os.path.join(d, "io.safetensors"))
    with torch.no_grad():
        x = io["x"]
        y = m(x, x, x, need_weights=False)[0] if kind == "MultiheadAttention" else m(x)[0]
    diff = (y - io["y"]).abs().max().item()
    worst = max(worst, diff)
    print(f"{name}: {kind}({cfg}) max |torch - nabla| = {diff:.3g}")
    assert diff < 1e-5, (name, diff)
print("all match; worst", worst)
