"""Writes the PyTorch interoperability fixtures of TorchInteropTest (PyTorch 1.13, safetensors 0.8.0).

    python3 src/test/python/make_torch_fixture.py src/test/resources/dev/nabla/train/io

torch_model.safetensors: the state_dict of
    Sequential(Embedding(10, 4), LayerNorm(4), Linear(4, 8), ReLU(), Linear(8, 3))
torch_io.safetensors: an index input "x" [6] (int64) and the model's output "y" [6, 3].

With a second argument (a directory Nabla wrote with ModelFiles.save), loads Nabla's weights into
the same PyTorch model and checks its outputs against "nabla_y" in that directory's io file.
"""
import sys

import torch
from safetensors.torch import load_file, save_file


def model():
    return torch.nn.Sequential(torch.nn.Embedding(10, 4), torch.nn.LayerNorm(4), torch.nn.Linear(4, 8),
                               torch.nn.ReLU(), torch.nn.Linear(8, 3))


if len(sys.argv) == 3:
    import glob, os
    m = model()
    weights = glob.glob(os.path.join(sys.argv[2], "weights-*.safetensors"))[0]
    m.load_state_dict(load_file(weights))
    io = load_file(os.path.join(sys.argv[2], "io.safetensors"))
    with torch.no_grad():
        y = m(io["x"])
    diff = (y - io["y"]).abs().max().item()
    print("max |torch - nabla| =", diff)
    assert diff < 1e-5, diff
    sys.exit(0)

torch.manual_seed(0)
m = model()
with torch.no_grad():
    m[1].weight.uniform_(0.5, 1.5)
    m[1].bias.uniform_(-0.5, 0.5)
x = torch.tensor([0, 3, 9, 3, 7, 1], dtype=torch.int64)
with torch.no_grad():
    y = m(x)
out = sys.argv[1]
save_file({k: v.contiguous() for k, v in m.state_dict().items()}, out + "/torch_model.safetensors")
save_file({"x": x, "y": y}, out + "/torch_io.safetensors")
print(list(m.state_dict().keys()))
