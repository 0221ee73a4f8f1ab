"""Writes random_programs.safetensors, random chains of ops that RandomProgramsTest replays (PyTorch 1.13).

    python3 src/test/python/make_random_programs_fixture.py src/test/resources/dev/nabla/train/io

Each program starts from a float32 input x0 and applies one to four steps, each an elementwise
op, an op with a second input broadcast against the value so far (x1, x2, ...; sometimes as the
left operand), or an op along a dim (reductions with and without keepdim, softmax, scans, sort,
flip, roll). The metadata "programs" lists them, one per line, steps separated by spaces:
"u:NAME", "b:NAME:INPUT:SWAP" or "r:NAME:DIM:KEEP". Per program i the file holds p<i>.x<j> (the
inputs, float32), p<i>.y (the result), p<i>.w (weights shaped like y) and p<i>.g<j> =
d sum(y * w) / d x_j, all computed in float64 from the float32 inputs. Ops whose results jump
(floor, round, sign, fmod, ...) come only as a first step, on the stored inputs themselves, so
that float32 rounding on the way cannot move a value across a jump.

After those, INPLACE_PROGRAMS more (from their own seed) also update the value in place, as
autograd records it: "i:NAME" or "i:NAME:INPUT" (add_, mul_, copy_, ... on the value so far,
never the leaf x0), "j:NAME:DIM" (the same on the first half of the value along DIM, a view that
autograd records through its base), and "k:C", which keeps c * (the value so far) aside, so that y is the chain's
result plus the sum of everything kept: an op that read a value before an in-place update must
keep the old one. Programs that PyTorch itself refuses (an update of a value some op saved for
its backward pass, or one that would grow the value) are drawn again.

Then BUFFER_PROGRAMS more (seed 9) may also write the value into a buffer of zeros that does not
require grad: "z:DIM" copies the value's first half along DIM into the same half of
zeros(value's shape) through a view, and the buffer, which takes the value's history there
(PyTorch's CopySlices), becomes the value.
"""
import random
import sys

import torch
import torch.nn.functional as F

from safetensors_file import save

PROGRAMS = 250
INPLACE_PROGRAMS = 80
BUFFER_PROGRAMS = 30
MAX_ELEMENTS = 200


def pos(x):
    return x.abs() + 0.5


SMOOTH = {
    "abs": torch.abs, "neg": torch.neg, "exp": torch.exp, "sin": torch.sin, "cos": torch.cos, "tanh": torch.tanh,
    "sigmoid": torch.sigmoid, "relu": torch.relu, "gelu": F.gelu, "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu, "softplus": F.softplus, "softplus_b2_t1": lambda x: F.softplus(x, beta=2, threshold=1),
    "elu": F.elu, "elu_half": lambda x: F.elu(x, alpha=0.5), "leaky_relu": lambda x: F.leaky_relu(x, 0.2),
    "hardtanh": F.hardtanh, "hardtanh_range": lambda x: F.hardtanh(x, -0.3, 0.8), "hardswish": F.hardswish,
    "mish": F.mish, "logsigmoid": F.logsigmoid, "erf": torch.erf, "sqrt_pos": lambda x: pos(x).sqrt(),
    "log_pos": lambda x: pos(x).log(), "rsqrt_pos": lambda x: pos(x).rsqrt(), "reciprocal_pos": lambda x: pos(x).reciprocal(),
    "clamp": lambda x: x.clamp(-0.5, 0.7), "clamp_min": lambda x: x.clamp(min=0.1), "clamp_max": lambda x: x.clamp(max=-0.1),
    "square": lambda x: x.pow(2), "cube": lambda x: x.pow(3), "pow_pos": lambda x: pos(x).pow(1.5),
    "add_scalar": lambda x: x + 1.5, "mul_scalar": lambda x: x * -2.0, "div_scalar": lambda x: x / 3.0, "rsub_scalar": lambda x: 2.0 - x,
    "square_fn": torch.square, "exp2": lambda x: torch.exp2(x.clamp(-30, 30)), "expm1": lambda x: torch.expm1(x.clamp(-30, 30)),
    "log2_pos": lambda x: pos(x).log2(), "log10_pos": lambda x: pos(x).log10(), "sinh": lambda x: torch.sinh(x.clamp(-30, 30)),
    "cosh": lambda x: torch.cosh(x.clamp(-30, 30)), "tan_half": lambda x: torch.tan(x.tanh()), "atan": torch.atan,
    "asin_tanh": lambda x: torch.asin(x.tanh() * 0.99), "acos_tanh": lambda x: torch.acos(x.tanh() * 0.99),
    "nan_to_num_log": lambda x: torch.nan_to_num(x.log()),
}
JUMPING = {"sign": torch.sign, "floor": torch.floor, "ceil": torch.ceil, "round": torch.round, "trunc": torch.trunc,
           "round_1": lambda x: torch.round(x, decimals=1)}
BINARY = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div_pos": lambda a, b: a / pos(b),
          "maximum": torch.maximum, "minimum": torch.minimum, "pow_pos": lambda a, b: pos(a).pow(b)}
BINARY_JUMPING = {"fmod_pos": lambda a, b: torch.fmod(a, pos(b)), "remainder_pos": lambda a, b: torch.remainder(a, pos(b))}


def along(name, x, dim, keep):
    return {
        "sum": lambda: x.sum(dim, keepdim=keep), "mean": lambda: x.mean(dim, keepdim=keep),
        "amax": lambda: x.amax(dim, keepdim=keep), "amin": lambda: x.amin(dim, keepdim=keep),
        "var": lambda: x.var(dim, unbiased=True, keepdim=keep), "var_biased": lambda: x.var(dim, unbiased=False, keepdim=keep),
        "std": lambda: x.std(dim, unbiased=True, keepdim=keep), "logsumexp": lambda: x.logsumexp(dim, keepdim=keep),
        "prod": lambda: x.prod(dim, keepdim=keep), "norm2": lambda: x.norm(2, dim, keepdim=keep),
        "norm1": lambda: x.norm(1, dim, keepdim=keep), "max": lambda: x.max(dim, keepdim=keep).values,
        "min": lambda: x.min(dim, keepdim=keep).values, "softmax": lambda: x.softmax(dim),
        "log_softmax": lambda: x.log_softmax(dim), "cumsum": lambda: x.cumsum(dim), "cumprod": lambda: x.cumprod(dim),
        "sort": lambda: x.sort(dim, descending=keep).values, "flip": lambda: x.flip(dim),
        "roll": lambda: x.roll(1 if keep else -2, dim),
    }[name]()


ALONG = ["sum", "mean", "amax", "amin", "var", "var_biased", "std", "logsumexp", "prod", "norm2", "norm1", "max", "min",
         "softmax", "log_softmax", "cumsum", "cumprod", "sort", "flip", "roll"]
# var and std of a single element are NaN with gradients PyTorch leaves NaN in ways that depend on the path
SINGLE_UNSAFE = {"var", "std"}


def shape(rng):
    while True:
        s = [rng.choice([1, 2, 3, 4, 5, 8, 17]) for _ in range(rng.randint(1, 3))]
        if torch.Size(s).numel() <= MAX_ELEMENTS:
            return s


def broadcastable(rng, s):
    """A shape that broadcasts with s: some dims 1, sometimes one more leading dim or fewer dims."""
    out = [d if rng.random() < 0.6 else 1 for d in s]
    k = rng.random()
    if k < 0.2 and len(s) < 4:
        out = [rng.randint(1, 3)] + out
    elif k < 0.4 and len(out) > 1:
        out = out[rng.randint(1, len(out) - 1):]
    return out


INPLACE = {
    "add_": lambda t, o: t.add_(o), "sub_": lambda t, o: t.sub_(o), "mul_": lambda t, o: t.mul_(o),
    "div_pos_": lambda t, o: t.div_(pos(o)), "copy_": lambda t, o: t.copy_(o),
    "add_scalar_": lambda t, o: t.add_(0.75), "mul_scalar_": lambda t, o: t.mul_(-1.5), "square_": lambda t, o: t.pow_(2),
    "clamp_": lambda t, o: t.clamp_(-0.5, 0.7), "neg_": lambda t, o: t.neg_(), "relu_": lambda t, o: t.relu_(),
    "zero_": lambda t, o: t.zero_(), "fill_": lambda t, o: t.fill_(0.25), "abs_": lambda t, o: t.abs_(),
    "sigmoid_": lambda t, o: t.sigmoid_(), "tanh_": lambda t, o: t.tanh_(), "clamp_min_": lambda t, o: t.clamp_min_(0.1),
    "addcmul_": lambda t, o: t.addcmul_(o, o, value=0.5), "addcdiv_pos_": lambda t, o: t.addcdiv_(o, pos(o), value=-0.5),
    "lerp_": lambda t, o: t.lerp_(o, 0.3), "masked_fill_": lambda t, o: t.masked_fill_(o > 0, -0.5),
}
WITH_INPUT = {"add_", "sub_", "mul_", "div_pos_", "copy_", "addcmul_", "addcdiv_pos_", "lerp_", "masked_fill_"}


def apply(step, t, xs, kept=None):
    kind, name = step[0], step[1]
    if kind == "i":
        INPLACE[name](t, xs[int(step[2])] if len(step) > 2 else None)
        return t
    if kind == "j":
        d = int(step[2])
        INPLACE[name](t.narrow(d, 0, (t.shape[d] + 1) // 2), None)
        return t
    if kind == "k":
        kept.append(t * float(name))
        return t
    if kind == "z":
        d = int(name)
        buf = torch.zeros(t.shape, dtype=t.dtype)
        buf.narrow(d, 0, (t.shape[d] + 1) // 2).copy_(t.narrow(d, 0, (t.shape[d] + 1) // 2))
        return buf
    if kind == "u":
        return {**SMOOTH, **JUMPING}[name](t)
    if kind == "b":
        f = {**BINARY, **BINARY_JUMPING}[name]
        other = xs[int(step[2])]
        return f(other, t) if step[3] == "1" else f(t, other)
    return along(name, t, int(step[2]), step[3] == "1")


def draw_step(rng, gen, t, inputs, i, inplace, buffer=False):
    """One random step for the value t (i-th of its program), appending a new input if it takes one."""
    if buffer and t.dim() > 0 and rng.random() < 0.25:
        return ["z", str(rng.randint(-t.dim(), t.dim() - 1))]
    if inplace:
        k = rng.random()
        if i > 0 and k < 0.1 and t.dim() > 0:
            name = rng.choice([n for n in INPLACE if n not in WITH_INPUT])
            return ["j", name, str(rng.randint(-t.dim(), t.dim() - 1))]
        if i > 0 and k < 0.35:
            name = rng.choice(list(INPLACE))
            if name not in WITH_INPUT:
                return ["i", name]
            inputs.append(torch.randn(broadcastable(rng, list(t.shape)), generator=gen))
            return ["i", name, str(len(inputs) - 1)]
        if k < 0.45:
            return ["k", rng.choice(["0.5", "-2.0", "3.0"])]
    k = rng.random()
    if k < 0.4 or t.dim() == 0:
        name = rng.choice(list(SMOOTH) + (list(JUMPING) if i == 0 else []))
        return ["u", name]
    if k < 0.7:
        name = rng.choice(list(BINARY) + (list(BINARY_JUMPING) if i == 0 else []))
        inputs.append(torch.randn(broadcastable(rng, list(t.shape)), generator=gen))
        return ["b", name, str(len(inputs) - 1), "1" if rng.random() < 0.3 else "0"]
    dim = rng.randint(-t.dim(), t.dim() - 1)
    name = rng.choice([n for n in ALONG if t.shape[dim] > 1 or n not in SINGLE_UNSAFE])
    return ["r", name, str(dim), "1" if rng.random() < 0.5 else "0"]


def run(steps, xs):
    """The program's result: its chain over xs, plus the sum of what its "k" steps kept."""
    kept = []
    y = xs[0]
    for step in steps:
        y = apply(step, y, xs, kept)
    for c in kept:
        y = y + c.sum()
    return y


def program(rng, gen, inplace, buffer=False):
    """Random inputs and steps; with inplace, drawn again until PyTorch accepts the program."""
    while True:
        inputs = [torch.randn(shape(rng), generator=gen)]
        t = inputs[0].double().clone()
        steps = []
        try:
            for i in range(rng.randint(1, 4) + (2 if inplace else 0)):
                step = draw_step(rng, gen, t, inputs, i, inplace, buffer)
                steps.append(step)
                t = apply(step, t, [x.double() for x in inputs], [])
            xs = [x.double().requires_grad_() for x in inputs]
            y = run(steps, xs)
            w = torch.randn(y.shape, generator=gen, dtype=torch.float64)
            (y * w).sum().backward()
            return inputs, steps, xs, y, w
        except RuntimeError:
            if not inplace:
                raise


def main(out_dir):
    rng = random.Random(7)
    gen = torch.Generator().manual_seed(7)
    tensors, lines = {}, []
    total = PROGRAMS + INPLACE_PROGRAMS + BUFFER_PROGRAMS
    for p in range(total):
        if p in (PROGRAMS, PROGRAMS + INPLACE_PROGRAMS):
            seed = 8 if p == PROGRAMS else 9
            rng = random.Random(seed)
            gen = torch.Generator().manual_seed(seed)
        inputs, steps, xs, y, w = program(rng, gen, p >= PROGRAMS, p >= PROGRAMS + INPLACE_PROGRAMS)
        for j, x in enumerate(inputs):
            tensors[f"p{p}.x{j}"] = x
            tensors[f"p{p}.g{j}"] = xs[j].grad if xs[j].grad is not None else torch.zeros_like(xs[j])
        tensors[f"p{p}.y"] = y.detach()
        tensors[f"p{p}.w"] = w
        lines.append(" ".join(":".join(s) for s in steps))
    save(tensors, out_dir + "/random_programs.safetensors", {"programs": "\n".join(lines)})
    print(total, "programs")


if __name__ == "__main__":
    main(sys.argv[1])
