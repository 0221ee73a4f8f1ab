"""Writes the convolutional-network fixtures of TorchCnnTest (PyTorch 1.13).

    python3 src/test/python/make_torch_cnn_fixture.py src/test/resources/dev/nabla/train/io

These models hold every image layer of Nabla (their Nabla twins are built in TorchCnnTest):
  cnn2d, input [2, 3, 12, 12]: Conv2d (reflect padding), BatchNorm2d (eval, non-trivial running
      statistics), ReLU, Conv2d ("same", dilation, groups), GroupNorm, depthwise Conv2d (stride,
      padding), MaxPool2d, ConvTranspose2d (stride, output_padding), RMSNorm, Dropout2d (eval),
      Upsample bilinear, AvgPool2d (padding), Upsample nearest, AdaptiveAvgPool2d, Flatten, Linear,
      Unflatten;
  cnn1d, input [2, 4, 16]: Conv1d (stride, padding), Tanh, Conv1d ("same", dilation, groups),
      Conv1d (circular padding), GroupNorm, Upsample linear, Flatten, Linear.
  bntrain, input [3, 2, 5, 5], run in training mode: Conv2d, BatchNorm2d (eps 1e-3, momentum 0.3),
      BatchNorm2d (no affine, no running statistics); the io file also holds the state after the
      forward pass ("state.<name>": running statistics updated with the unbiased batch variance).
  pool1d, input [2, 3, 20]: Conv1d, ConvTranspose1d (stride, output_padding, groups, dilation),
      InstanceNorm1d (affine), MaxPool1d, AvgPool1d (padding not
      counted), AdaptiveMaxPool1d, AdaptiveAvgPool1d, Flatten, Linear;
  pool2d, input [2, 3, 9, 9]: Conv2d, InstanceNorm2d (affine, eval with running statistics), ReLU,
      AdaptiveMaxPool2d, InstanceNorm2d, Flatten, Linear;
  intrain, input [3, 2, 5, 5], in training mode: Conv2d, InstanceNorm2d (eps 1e-3, momentum 0.3,
      affine, running statistics updated).
  extras, input [2, 4, 6, 6]: Conv2d, LocalResponseNorm, ChannelShuffle, Softmax2d, Unfold, Fold,
      Flatten, Linear.
  lppool, input [2, 2, 5, 5]: Conv2d, RReLU (eval), LPPool2d (p 2, stride), Flatten(2), LPPool1d
      (p 3), Flatten, Linear.
PyTorch 1.13 has no nn.RMSNorm: the RMSNorm below is Nabla's documented one,
y = x / sqrt(mean(x^2 over normalized_shape) + eps) * weight, with its parameter named "weight".
For each model NAME: torch_NAME_model.safetensors is its float32 state_dict; torch_NAME_io.safetensors
holds the input "x" (float32), the output "y", fixed weights "w" shaped like y, and the gradients of
sum(y * w) with respect to the input ("grad.x") and to every parameter ("grad.<name>"), computed in
float64 from the float32 values and stored as float32.
"""
import sys

import torch
from torch import nn

from safetensors_file import save


class RMSNorm(nn.Module):
    def __init__(self, normalized_shape, eps):
        super().__init__()
        self.dims = tuple(range(-len(normalized_shape), 0))
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(normalized_shape))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(self.dims, keepdim=True) + self.eps) * self.weight


def cnn2d():
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1, padding_mode="reflect"),  # 0: [2, 8, 12, 12]
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding="same", dilation=2, groups=2, bias=False),
        nn.GroupNorm(4, 8),
        nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=8),  # 5: depthwise, [2, 16, 6, 6]
        nn.MaxPool2d(2),  # [2, 16, 3, 3]
        nn.ConvTranspose2d(16, 6, 3, stride=2, padding=1, output_padding=1),  # 7: [2, 6, 6, 6]
        RMSNorm((6, 6), eps=1e-6),
        nn.Dropout2d(0.5),
        nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),  # [2, 6, 12, 12]
        nn.AvgPool2d(3, stride=2, padding=1),  # [2, 6, 6, 6]
        nn.Upsample(size=(9, 9), mode="nearest"),
        nn.AdaptiveAvgPool2d((4, 3)),
        nn.Flatten(),
        nn.Linear(72, 10),  # 15
        nn.Unflatten(1, (2, 5)))


def cnn1d():
    return nn.Sequential(
        nn.Conv1d(4, 6, 3, stride=2, padding=1),  # [2, 6, 8]
        nn.Tanh(),
        nn.Conv1d(6, 6, 3, padding="same", dilation=2, groups=3),
        nn.Conv1d(6, 4, 3, padding=1, padding_mode="circular"),
        nn.GroupNorm(2, 4),
        nn.Upsample(scale_factor=2, mode="linear"),  # [2, 4, 16]
        nn.Flatten(),
        nn.Linear(64, 3))


def bntrain():
    return nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1),
        nn.BatchNorm2d(4, eps=1e-3, momentum=0.3),
        nn.BatchNorm2d(4, affine=False, track_running_stats=False))


def pool1d():
    return nn.Sequential(
        nn.Conv1d(3, 4, 3, padding=1),  # [2, 4, 20]
        nn.ConvTranspose1d(4, 4, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2),  # [2, 4, 42]
        nn.InstanceNorm1d(4, affine=True),
        nn.MaxPool1d(3, stride=2, padding=1),  # [2, 4, 21]
        nn.AvgPool1d(3, stride=1, padding=1, count_include_pad=False),
        nn.AdaptiveMaxPool1d(7),
        nn.AdaptiveAvgPool1d(5),
        nn.Flatten(),
        nn.Linear(20, 3))  # 8


def pool2d():
    return nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=1),  # [2, 4, 9, 9]
        nn.InstanceNorm2d(4, affine=True, track_running_stats=True),  # eval: normalized by the running statistics
        nn.ReLU(),
        nn.AdaptiveMaxPool2d((4, 3)),
        nn.InstanceNorm2d(4),
        nn.Flatten(),
        nn.Linear(48, 5))


def intrain():
    return nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1),
        nn.InstanceNorm2d(4, eps=1e-3, momentum=0.3, affine=True, track_running_stats=True))


class ChannelShuffle(nn.Module):
    """nn.ChannelShuffle, which PyTorch 1.13 cannot differentiate, as the reshapes it is (checked below)."""

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, x):
        n, c = x.shape[:2]
        y = x.reshape(n, self.groups, c // self.groups, *x.shape[2:]).transpose(1, 2).reshape(x.shape)
        assert torch.equal(y.detach(), nn.ChannelShuffle(self.groups)(x.detach()))
        return y


def extras():
    return nn.Sequential(
        nn.Conv2d(4, 6, 3, padding=1),  # [2, 6, 6, 6]
        nn.LocalResponseNorm(3, alpha=0.2, beta=0.75, k=2.0),
        ChannelShuffle(3),
        nn.Softmax2d(),
        nn.Unfold((2, 3), padding=1, stride=(2, 1)),  # [2, 36, 24]
        nn.Fold((6, 6), (2, 3), padding=1, stride=(2, 1)),  # [2, 6, 6, 6]
        nn.Flatten(),
        nn.Linear(216, 5))  # 7


def lppool():
    return nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1),  # [2, 3, 5, 5]
        nn.RReLU(0.1, 0.3),  # eval: slope 0.2
        nn.LPPool2d(2, (2, 3), stride=(2, 1)),  # [2, 3, 2, 3]
        nn.Flatten(2),  # [2, 3, 6]
        nn.LPPool1d(3, 2),  # [2, 3, 3]
        nn.Flatten(),
        nn.Linear(9, 2))  # 6


def randomize_norms(m, gen):
    """Non-trivial affine parameters and running statistics, so that eval mode is really checked."""
    with torch.no_grad():
        for layer in m.modules():
            if isinstance(layer, (nn.BatchNorm2d, nn.GroupNorm, nn.InstanceNorm1d, nn.InstanceNorm2d)) and layer.affine:
                layer.weight.copy_(0.5 + torch.rand(layer.weight.shape, generator=gen))
                layer.bias.copy_(torch.randn(layer.bias.shape, generator=gen) * 0.3)
            if isinstance(layer, (nn.BatchNorm2d, nn.InstanceNorm2d)) and layer.track_running_stats:
                layer.running_mean.copy_(torch.randn(layer.running_mean.shape, generator=gen) * 0.2)
                layer.running_var.copy_(0.5 + torch.rand(layer.running_var.shape, generator=gen))
                layer.num_batches_tracked.fill_(7)
            if isinstance(layer, RMSNorm):
                layer.weight.copy_(0.5 + torch.rand(layer.weight.shape, generator=gen))


def write(name, model, shape, out_dir, gen, train=False):
    randomize_norms(model, gen)
    model.train(train)
    save({k: v.contiguous() for k, v in model.state_dict().items()}, f"{out_dir}/torch_{name}_model.safetensors")
    x = torch.randn(shape, generator=gen)
    model.double()
    xd = x.double().requires_grad_()
    y = model(xd)
    w = torch.randn(y.shape, generator=gen)
    (y * w.double()).sum().backward()
    io = {"x": x, "y": y.detach().float(), "w": w, "grad.x": xd.grad.float()}
    io.update({"grad." + k: p.grad.float() for k, p in model.named_parameters()})
    if train:
        io.update({"state." + k: t.float() if t.is_floating_point() else t for k, t in model.state_dict().items()})
    save(io, f"{out_dir}/torch_{name}_io.safetensors", {"mode": "train" if train else "eval"})
    print(name, list(model.state_dict().keys()))


if __name__ == "__main__":
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    write("cnn2d", cnn2d(), (2, 3, 12, 12), sys.argv[1], g)
    write("cnn1d", cnn1d(), (2, 4, 16), sys.argv[1], g)
    write("bntrain", bntrain(), (3, 2, 5, 5), sys.argv[1], g, train=True)
    write("pool1d", pool1d(), (2, 3, 20), sys.argv[1], g)
    write("pool2d", pool2d(), (2, 3, 9, 9), sys.argv[1], g)
    write("intrain", intrain(), (3, 2, 5, 5), sys.argv[1], g, train=True)
    write("extras", extras(), (2, 4, 6, 6), sys.argv[1], g)
    write("lppool", lppool(), (2, 2, 5, 5), sys.argv[1], g)
