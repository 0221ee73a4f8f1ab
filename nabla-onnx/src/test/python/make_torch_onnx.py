"""Writes the PyTorch-exported ONNX fixtures of TorchOnnxImportTest (run from nabla-onnx/):

    /usr/bin/python3 src/test/python/make_torch_onnx.py src/test/resources/torch

Each model is exported by torch.onnx.export (opset 17, dynamic batch) beside a JSON file with
a random input and PyTorch's output for it. Made with PyTorch 1.13.1 (Debian python3-torch).
"""
import json
import sys
from pathlib import Path

import torch
from torch import nn


class LastStep(nn.Module):
    """An LSTM over the sequence, then a Linear on every step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(10, 2)

    def forward(self, x):
        return self.fc(self.lstm(x)[0])


def models():
    yield "mlp", nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.LayerNorm(16), nn.Linear(16, 8), nn.GELU(),
                               nn.Dropout(0.2), nn.Linear(8, 3), nn.Softmax(dim=1)), torch.randn(5, 4)
    yield "lstm", LastStep(), torch.randn(2, 6, 3)
    yield "gru", nn.GRU(3, 4), torch.randn(7, 2, 3)


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    for name, model, x in models():
        model.eval()
        with torch.no_grad():
            y = model(x)
            y = y[0] if isinstance(y, tuple) else y
        axes = {"input": {0: "batch"}, "output": {0: "batch"}}
        torch.onnx.export(model, (x,), str(out / f"{name}.onnx"), opset_version=17, input_names=["input"],
                          output_names=["output"], dynamic_axes=axes)
        (out / f"{name}.json").write_text(json.dumps({
            "input": x.flatten().tolist(), "input_shape": list(x.shape),
            "output": y.flatten().tolist(), "output_shape": list(y.shape)}))
        print(name, "ok")


if __name__ == "__main__":
    main(sys.argv[1])
