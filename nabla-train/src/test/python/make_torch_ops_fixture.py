"""Writes torch_ops.safetensors, the PyTorch results TorchOpsTest compares Nabla's ops with (PyTorch 1.13).

    python3 src/test/python/make_torch_ops_fixture.py src/test/resources/dev/nabla/train/io

Every case NAME below has the same name, and the same call, in TorchOpsTest. The file holds, per case:
NAME.x0, NAME.x1, ... its inputs (float32 values, int64 indices or bool masks; seeded); NAME.y0,
NAME.y1, ... PyTorch's results (several for sort, topk, median with a dim, max_pool with indices),
computed in float64 from the same float32 values and stored as float32; where y0 has a gradient,
NAME.w fixed float32 weights shaped like y0 and, for each float input i that PyTorch
differentiates, NAME.g<i> = d sum(y0 * w) / d x_i (computed in float64, stored as float32).
Integer inputs stay int64, so integer results (cumsum, remainder, sort, ...) are checked with
their dtype. The metadata "cases" lists the names in order.
"""
import sys

import torch
import torch.nn.functional as F

from safetensors_file import save

gen = torch.Generator().manual_seed(0)


def f(*shape, lo=-2.0, hi=2.0):
    """Uniform float32 values in [lo, hi)."""
    return lo + (hi - lo) * torch.rand(*shape, generator=gen)


def nz(*shape, lo=0.5, hi=2.0):
    """Float32 values with |v| in [lo, hi), either sign."""
    sign = torch.where(torch.rand(*shape, generator=gen) < 0.5, -1.0, 1.0)
    return sign * f(*shape, lo=lo, hi=hi)


def v(*values):
    return torch.tensor(values, dtype=torch.float32)


def idx(bound, *shape):
    return torch.randint(0, bound, shape, generator=gen)


def perm_rows(n, rows):
    """[rows, n] int64, each row a permutation of 0..n-1 (distinct scatter targets)."""
    return torch.stack([torch.randperm(n, generator=gen) for _ in range(rows)])


def mask(*shape):
    return torch.rand(*shape, generator=gen) < 0.5


CASES = []


def case(name, fn, *inputs):
    CASES.append((name, fn, inputs))


# ---- scans, products, sorting ---------------------------------------------------------------
case("cumsum_dim1", lambda x: torch.cumsum(x[0], 1), f(3, 4))
case("cumsum_dim_neg1", lambda x: torch.cumsum(x[0], -1), f(2, 3, 4))
case("cumsum_dim0", lambda x: torch.cumsum(x[0], 0), f(5))
case("cumprod_dim_neg1", lambda x: torch.cumprod(x[0], -1), f(3, 4))
case("cumprod_with_zeros", lambda x: torch.cumprod(x[0], 1), v(1.5, 0.0, 2.0, -1.0, 0.5, 0.0, 3.0, 0.0, -2.0).reshape(3, 3))
case("cumprod_dim0", lambda x: torch.cumprod(x[0], 0), f(4, 3))
case("prod_all", lambda x: torch.prod(x[0]), nz(2, 3))
case("prod_dim_neg1_keepdim", lambda x: torch.prod(x[0], -1, keepdim=True), f(3, 4))
case("prod_one_zero", lambda x: torch.prod(x[0], 1), v(2.0, 0.0, 3.0, 1.5, -2.0, 0.5).reshape(2, 3))
case("prod_two_zeros", lambda x: torch.prod(x[0], 0), v(0.0, 2.0, 0.0, 3.0).reshape(2, 2))
ties = v(2, 1, 2, 1, 3, 1, 0, 3, 2, 2, 0, 1).reshape(3, 4)
case("sort_dim_neg1", lambda x: torch.sort(x[0], -1), f(3, 5))
case("sort_dim0_descending", lambda x: torch.sort(x[0], 0, descending=True), f(4, 3))
case("sort_ties_stable", lambda x: torch.sort(x[0], dim=-1, stable=True), ties)
case("sort_ties_stable_descending", lambda x: torch.sort(x[0], dim=1, descending=True, stable=True), ties)
case("argsort_dim0", lambda x: torch.argsort(x[0], 0), f(4, 3))
case("argsort_descending", lambda x: torch.argsort(x[0], -1, descending=True), f(2, 5))
case("topk_largest", lambda x: torch.topk(x[0], 2), f(3, 5))
case("topk_smallest_dim0", lambda x: torch.topk(x[0], 3, 0, largest=False), f(4, 3))
case("topk_ties", lambda x: torch.topk(x[0], 2, -1), v(1, 5, 3, 5, 2))
case("median_all", lambda x: torch.median(x[0]), f(3, 5))
case("median_all_even", lambda x: torch.median(x[0]), f(2, 3))
case("median_all_ties", lambda x: torch.median(x[0]), v(3, 1, 2, 2, 5, 2))
case("median_dim_neg1", lambda x: torch.median(x[0], -1), f(3, 4))
case("median_all_nan", lambda x: torch.median(x[0]), v(3, float("nan"), 1, float("nan"), 2))
case("median_dim_ties", lambda x: torch.median(x[0], 1), ties)
case("median_dim0_keepdim", lambda x: torch.median(x[0], 0, keepdim=True), f(5, 3))
case("quantile_all", lambda x: torch.quantile(x[0], 0.3), f(3, 5))
case("quantile_dim_neg1", lambda x: torch.quantile(x[0], 0.75, dim=-1), f(3, 6))
case("quantile_dim0_keepdim", lambda x: torch.quantile(x[0], 0.5, dim=0, keepdim=True), f(4, 3))
for mode in ("lower", "higher", "nearest", "midpoint"):
    case("quantile_" + mode, lambda x, m=mode: torch.quantile(x[0], 0.4, dim=1, interpolation=m), f(3, 6))
case("quantile_nearest_half", lambda x: torch.quantile(x[0], 0.5, dim=0, interpolation="nearest"), f(5, 2))
case("quantile_q_edges",
     lambda x: torch.quantile(x[0], torch.tensor([0.0, 1.0], dtype=x[0].dtype), dim=-1, keepdim=True), f(2, 5))
case("quantile_nan", lambda x: torch.quantile(x[0], 0.5, dim=1), v(1, float("nan"), 3, 4, 5, 6).reshape(2, 3))
case("median_dim_nan", lambda x: torch.median(x[0], 1), v(1, float("nan"), 3, 4, 5, 6).reshape(2, 3))
case("quantile_q_tensor", lambda x: torch.quantile(x[0], torch.tensor([0.1, 0.5, 0.9], dtype=x[0].dtype), dim=1), f(2, 7))

# ---- linear algebra, shapes -------------------------------------------------------------------
case("einsum_matmul", lambda x: torch.einsum("ij,jk->ik", x[0], x[1]), f(2, 3), f(3, 4))
case("einsum_batched", lambda x: torch.einsum("bij,bjk->bik", x[0], x[1]), f(2, 2, 3), f(2, 3, 2))
case("einsum_trace", lambda x: torch.einsum("ii->", x[0]), f(3, 3))
case("einsum_diagonal", lambda x: torch.einsum("ii->i", x[0]), f(3, 3))
case("einsum_outer", lambda x: torch.einsum("i,j->ij", x[0], x[1]), f(3), f(4))
case("einsum_implicit", lambda x: torch.einsum("ij,jk", x[0], x[1]), f(2, 3), f(3, 2))
case("einsum_ellipsis_transpose", lambda x: torch.einsum("...ij->...ji", x[0]), f(2, 3, 4))
case("einsum_three_operands", lambda x: torch.einsum("ij,jk,kl->il", x[0], x[1], x[2]), f(2, 3), f(3, 2), f(2, 2))
case("einsum_dot_product", lambda x: torch.einsum("ij,ij->", x[0], x[1]), f(2, 3), f(2, 3))
case("einsum_batch_diagonal", lambda x: torch.einsum("bii->bi", x[0]), f(2, 3, 3))
case("einsum_ellipsis_broadcast", lambda x: torch.einsum("...ij,...jk->...ik", x[0], x[1]), f(2, 1, 2, 3),
     f(3, 3, 2))
case("einsum_sum_over", lambda x: torch.einsum("bij->j", x[0]), f(2, 3, 4))
case("bmm", lambda x: torch.bmm(x[0], x[1]), f(3, 2, 4), f(3, 4, 5))
case("tril", lambda x: torch.tril(x[0]), f(4, 5))
case("tril_beyond", lambda x: torch.tril(x[0], -5), f(3, 4))
case("triu_beyond", lambda x: torch.triu(x[0], 4), f(3, 4))
case("tril_diag_neg1_batched", lambda x: torch.tril(x[0], -1), f(2, 3, 4))
case("triu_diag1", lambda x: torch.triu(x[0], 1), f(4, 3))
case("triu_diag_neg2", lambda x: torch.triu(x[0], -2), f(2, 4, 4))
case("repeat", lambda x: x[0].repeat(2, 3), f(2, 3))
case("repeat_more_dims", lambda x: x[0].repeat(2, 1, 2), f(2, 3))
case("tile_fewer_dims", lambda x: torch.tile(x[0], (2,)), f(2, 3))
case("tile", lambda x: torch.tile(x[0], (3, 1, 2)), f(2, 3))
case("flip_dims", lambda x: torch.flip(x[0], [0, -1]), f(2, 3, 4))
case("flip_one", lambda x: torch.flip(x[0], [1]), f(3, 4))
case("roll_flat", lambda x: torch.roll(x[0], 5), f(3, 4))
case("roll_dims", lambda x: torch.roll(x[0], (1, -2), (0, -1)), f(3, 4))
case("roll_two_dims_big", lambda x: torch.roll(x[0], (5, -4), (1, 2)), f(2, 3, 4))
case("roll_negative_big", lambda x: torch.roll(x[0], -7, 1), f(2, 5))

# ---- elementwise ------------------------------------------------------------------------------
case("sin", lambda x: torch.sin(x[0]), f(3, 4, lo=-4, hi=4))
case("cos", lambda x: torch.cos(x[0]), f(3, 4, lo=-4, hi=4))
case("atan2", lambda x: torch.atan2(x[0], x[1]), nz(3, 4), nz(3, 4))
case("atan2_broadcast", lambda x: torch.atan2(x[0], x[1]), nz(3, 1), nz(4))
case("atan2_zeros", lambda x: torch.atan2(x[0], x[1]), v(0, 0, 1, -1, 0, 0), v(1, -1, 0, 0, 0, -0.0))
halves = v(-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -3.7, 0.2, 1.7, -0.0, 4.5)
case("floor", lambda x: torch.floor(x[0]), halves)
case("ceil", lambda x: torch.ceil(x[0]), halves)
case("round_half_even", lambda x: torch.round(x[0]), halves)
case("round_decimals", lambda x: torch.round(x[0], decimals=1), v(0.25, 0.125, -0.375, 1.04, 2.66, -7.15))
case("round_decimals_neg", lambda x: torch.round(x[0], decimals=-1), v(15, 25, -35, 44, 251, -5))
signs = [v(-3, 3, -3, 3, 5.5, -5.5, 7, -7), v(2, 2, -2, -2, 2, 2, -2.5, 2.5)]
case("remainder_signs", lambda x: torch.remainder(x[0], x[1]), *signs)
case("fmod_signs", lambda x: torch.fmod(x[0], x[1]), *signs)
case("remainder_random", lambda x: torch.remainder(x[0], x[1]), f(3, 4, lo=-5, hi=5), nz(3, 4))
case("fmod_random", lambda x: torch.fmod(x[0], x[1]), f(3, 4, lo=-5, hi=5), nz(3, 4))
case("remainder_scalar_negative", lambda x: torch.remainder(x[0], -1.5), f(2, 4, lo=-4, hi=4))
case("fmod_scalar", lambda x: torch.fmod(x[0], 1.5), f(2, 4, lo=-4, hi=4))
case("hardtanh", lambda x: F.hardtanh(x[0]), f(3, 4, lo=-3, hi=3))
case("hardtanh_range", lambda x: F.hardtanh(x[0], -0.5, 2.0), f(3, 4, lo=-3, hi=3))
case("logsigmoid", lambda x: F.logsigmoid(x[0]), f(3, 4, lo=-30, hi=30))
case("mish", lambda x: F.mish(x[0]), f(3, 4, lo=-25, hi=25))
case("mish_small", lambda x: F.mish(x[0]), f(3, 4))
case("hardswish", lambda x: F.hardswish(x[0]), f(3, 4, lo=-5, hi=5))
kinks = v(-3, 3, -1, 1, -0.5, 2, -4, 4, 0)
case("hardtanh_at_bounds", lambda x: F.hardtanh(x[0]), kinks)
case("hardtanh_range_at_bounds", lambda x: F.hardtanh(x[0], -0.5, 2.0), kinks)
case("hardswish_at_kinks", lambda x: F.hardswish(x[0]), kinks)
case("remainder_by_zero", lambda x: torch.remainder(x[0], x[1]), v(1, -1, 0, 2.5), v(0, 0, 0, 0))
case("fmod_by_zero", lambda x: torch.fmod(x[0], x[1]), v(1, -1, 0, 2.5), v(0, 0, 0, 0))
case("remainder_exact_multiples", lambda x: torch.remainder(x[0], x[1]), v(-4, 4, -6, 6, 0, -0.0), v(2, -2, 3, -3, -2, 2))
case("fmod_exact_multiples", lambda x: torch.fmod(x[0], x[1]), v(-4, 4, -6, 6, 0, -0.0), v(2, -2, 3, -3, -2, 2))

# ---- writing by index -------------------------------------------------------------------------
case("scatter_dim1", lambda x: torch.scatter(x[0], 1, x[1], x[2]), f(3, 5), perm_rows(5, 3)[:, :3], f(3, 3))
case("scatter_dim0", lambda x: torch.scatter(x[0], 0, x[1], x[2]), f(4, 3), perm_rows(4, 3).t()[:2], f(2, 3))
case("scatter_dim_neg1_value", lambda x: torch.scatter(x[0], -1, x[1], 2.5), f(3, 4), perm_rows(4, 3)[:, :2])
case("scatter_add", lambda x: torch.scatter(x[0], 1, x[1], x[2], reduce="add"), f(2, 4), idx(4, 2, 5), f(2, 5))
case("scatter_multiply", lambda x: torch.scatter(x[0], 1, x[1], x[2], reduce="multiply"), f(2, 4), idx(4, 2, 5), f(2, 5))
case("index_put", lambda x: torch.index_put(x[0], (x[1], x[2]), x[3]), f(4, 5), torch.tensor([0, 2, -1]),
     torch.tensor([1, 4, 0]), f(3))
case("index_put_accumulate", lambda x: torch.index_put(x[0], (x[1],), x[2], accumulate=True), f(4, 3),
     torch.tensor([1, 3, 1, -4]), f(4, 3))
case("index_put_broadcast_value", lambda x: torch.index_put(x[0], (x[1],), x[2]), f(4, 3), torch.tensor([2, 0]), f(3))
case("index_put_mask", lambda x: torch.index_put(x[0], (x[1],), x[2]), f(3, 4), mask(3, 4), f(1))
case("masked_fill", lambda x: x[0].masked_fill(x[1], -1.25), f(3, 4), mask(3, 4))
case("masked_fill_broadcast", lambda x: x[0].masked_fill(x[1], 7.0), f(2, 3, 4), mask(3, 1))

# ---- convolutions, pooling, padding, resizing -------------------------------------------------
case("conv1d", lambda x: F.conv1d(x[0], x[1], x[2]), f(2, 3, 9), f(4, 3, 3), f(4))
case("conv1d_stride_pad_dil_groups", lambda x: F.conv1d(x[0], x[1], None, 2, 2, 2, 2), f(2, 4, 11), f(6, 2, 3))
case("conv1d_same", lambda x: F.conv1d(x[0], x[1], x[2], padding="same", dilation=2), f(1, 2, 8), f(3, 2, 4), f(3))
case("conv2d", lambda x: F.conv2d(x[0], x[1], x[2]), f(2, 3, 6, 5), f(4, 3, 3, 3), f(4))
case("conv2d_stride_padding", lambda x: F.conv2d(x[0], x[1], x[2], stride=(2, 1), padding=(1, 2)), f(2, 2, 7, 6),
     f(3, 2, 3, 2), f(3))
case("conv2d_same_even_kernel", lambda x: F.conv2d(x[0], x[1], None, padding="same"), f(1, 2, 5, 6), f(3, 2, 4, 3))
case("conv2d_dilation", lambda x: F.conv2d(x[0], x[1], x[2], dilation=(2, 3), padding=1), f(1, 2, 8, 9), f(2, 2, 3, 3),
     f(2))
case("conv2d_groups", lambda x: F.conv2d(x[0], x[1], x[2], groups=2, stride=2), f(1, 4, 7, 7), f(6, 2, 3, 3), f(6))
case("conv2d_depthwise", lambda x: F.conv2d(x[0], x[1], x[2], padding=1, groups=3), f(1, 3, 5, 5), f(6, 1, 3, 3), f(6))
case("conv2d_1x1", lambda x: F.conv2d(x[0], x[1], x[2]), f(2, 4, 3, 3), f(5, 4, 1, 1), f(5))
case("conv2d_unbatched", lambda x: F.conv2d(x[0], x[1], None, padding=1), f(2, 4, 4), f(3, 2, 3, 3))
case("conv_transpose2d", lambda x: F.conv_transpose2d(x[0], x[1], x[2]), f(2, 3, 4, 4), f(3, 2, 3, 3), f(2))
case("conv_transpose2d_stride_outpad", lambda x: F.conv_transpose2d(x[0], x[1], x[2], stride=2, padding=1,
                                                                    output_padding=1), f(1, 2, 4, 3), f(2, 3, 3, 3), f(3))
case("conv_transpose2d_groups_dilation", lambda x: F.conv_transpose2d(x[0], x[1], None, stride=(1, 2), padding=(2, 1),
                                                                      groups=2, dilation=2), f(1, 4, 5, 4), f(4, 3, 3, 2))
case("conv_transpose1d", lambda x: F.conv_transpose1d(x[0], x[1], x[2], stride=3, padding=1, output_padding=2),
     f(2, 2, 5), f(2, 3, 4), f(3))
case("max_pool2d", lambda x: F.max_pool2d(x[0], 2), f(2, 3, 6, 5))
case("max_pool2d_indices", lambda x: F.max_pool2d(x[0], 3, 2, 1, return_indices=True), f(1, 2, 7, 6))
case("max_pool2d_dilation_ceil", lambda x: F.max_pool2d(x[0], (2, 3), (2, 2), (1, 1), dilation=(2, 1), ceil_mode=True),
     f(1, 2, 8, 9))
case("max_pool1d_indices", lambda x: F.max_pool1d(x[0], 3, 2, 1, return_indices=True), f(2, 3, 10))
case("max_pool1d_ceil", lambda x: F.max_pool1d(x[0], 2, 2, ceil_mode=True), f(1, 2, 7))
case("avg_pool2d", lambda x: F.avg_pool2d(x[0], 2), f(2, 3, 6, 5))
case("avg_pool2d_pad_exclude", lambda x: F.avg_pool2d(x[0], 3, 2, 1, count_include_pad=False), f(1, 2, 7, 6))
case("avg_pool2d_pad_include_ceil", lambda x: F.avg_pool2d(x[0], 3, 2, 1, ceil_mode=True), f(1, 2, 6, 6))
case("avg_pool2d_divisor", lambda x: F.avg_pool2d(x[0], (2, 3), 1, (1, 1), divisor_override=4), f(1, 2, 5, 5))
case("avg_pool1d", lambda x: F.avg_pool1d(x[0], 3, 2, 1), f(2, 2, 9))
case("avg_pool1d_ceil_exclude", lambda x: F.avg_pool1d(x[0], 3, 2, 1, ceil_mode=True, count_include_pad=False),
     f(1, 2, 8))
case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x[0], (3, 2)), f(2, 2, 7, 5))
case("adaptive_avg_pool2d_global", lambda x: F.adaptive_avg_pool2d(x[0], 1), f(2, 3, 4, 5))
case("adaptive_avg_pool2d_upsizing", lambda x: F.adaptive_avg_pool2d(x[0], (5, 4)), f(1, 2, 3, 3))
case("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x[0], 4), f(2, 2, 10))
for mode in ("constant", "reflect", "replicate", "circular"):
    case("pad_2d_" + mode, lambda x, m=mode: F.pad(x[0], (1, 2, 2, 0), mode=m), f(1, 2, 4, 3))
    case("pad_1d_" + mode, lambda x, m=mode: F.pad(x[0], (2, 1), mode=m), f(2, 2, 4))
case("pad_constant_value_crop", lambda x: F.pad(x[0], (-1, 2, 1, 1), value=0.5), f(2, 3, 4))
case("interpolate_nearest_scale", lambda x: F.interpolate(x[0], scale_factor=2, mode="nearest"), f(1, 2, 3, 4))
case("interpolate_nearest_size", lambda x: F.interpolate(x[0], size=(5, 3), mode="nearest"), f(1, 2, 3, 4))
case("interpolate_nearest_fractional", lambda x: F.interpolate(x[0], scale_factor=1.7, mode="nearest"), f(1, 1, 4, 5))
case("interpolate_bilinear", lambda x: F.interpolate(x[0], size=(5, 7), mode="bilinear", align_corners=False),
     f(2, 2, 3, 4))
case("interpolate_bilinear_align", lambda x: F.interpolate(x[0], size=(5, 7), mode="bilinear", align_corners=True),
     f(1, 2, 3, 4))
case("interpolate_bilinear_down", lambda x: F.interpolate(x[0], scale_factor=0.6, mode="bilinear"), f(1, 2, 6, 7))
case("interpolate_linear", lambda x: F.interpolate(x[0], size=7, mode="linear"), f(2, 2, 4))
case("interpolate_nearest_1d", lambda x: F.interpolate(x[0], scale_factor=2.5, mode="nearest"), f(1, 2, 4))
case("unfold", lambda x: F.unfold(x[0], (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)), f(1, 2, 5, 6))
case("fold", lambda x: F.fold(x[0], (4, 5), (2, 2), padding=(1, 0), stride=(1, 2)), f(2, 8, 10))


# ---- integer tensors: results keep int64 where PyTorch's do ---------------------------------
ints = [torch.tensor([-7, 7, -3, 3, 5, 0]), torch.tensor([3, -3, 2, -2, 5, 4])]
case("cumsum_int", lambda x: torch.cumsum(x[0], 0), ints[0])
case("cumprod_int", lambda x: torch.cumprod(x[0], 0), ints[1])
case("prod_int_dim", lambda x: torch.prod(x[0].reshape(2, 3), 1), ints[0])
case("remainder_int", lambda x: torch.remainder(x[0], x[1]), *ints)
case("fmod_int", lambda x: torch.fmod(x[0], x[1]), *ints)
case("fmod_int_scalar", lambda x: torch.fmod(x[0], -2), ints[0])
case("remainder_int_fractional_scalar", lambda x: torch.remainder(x[0], 2.5), ints[0])
case("mul_int_fractional_scalar", lambda x: x[0] * 2.5, ints[0])
case("floor_int", lambda x: torch.floor(x[0]), ints[0])
case("round_int", lambda x: torch.round(x[0]), ints[0])
case("atan2_int", lambda x: torch.atan2(x[0], x[1]), *ints)
case("sort_int", lambda x: torch.sort(x[0], descending=True), ints[0])
case("topk_int", lambda x: torch.topk(x[0], 2), ints[0])
case("median_int", lambda x: torch.median(x[0]), ints[0])
case("flip_int", lambda x: torch.flip(x[0], [0]), ints[0])
case("masked_fill_int", lambda x: x[0].masked_fill(x[0] < 0, 9), ints[0])
case("repeat_zero", lambda x: x[0].repeat(0, 2), f(2, 3))
case("quantile_all_keepdim", lambda x: torch.quantile(x[0], 0.3, keepdim=True), f(2, 3))
case("index_put_broadcast_indices", lambda x: torch.index_put(x[0], (x[1], x[2]), x[3]), f(4, 5),
     torch.tensor([[0], [3]]), torch.tensor([1, 2, -1]), f(2, 3))

# ---- edge values: NaN, zeros, extreme arguments, windows at the border ------------------------
NAN = float("nan")
case("edge_topk_nan", lambda x: torch.topk(x[0], 2), v(1, NAN, 3, 2))
case("edge_sort_desc_nan", lambda x: torch.sort(x[0], descending=True), v(1, NAN, 3, 2))
case("edge_cumprod_two_zeros", lambda x: torch.cumprod(x[0], 0), v(2, 0, 3, 0, 4))
case("edge_interp_bilinear_align_scale",
     lambda x: F.interpolate(x[0], scale_factor=1.5, mode="bilinear", align_corners=True), f(1, 1, 3, 4))
case("edge_interp_nearest_down", lambda x: F.interpolate(x[0], scale_factor=0.7, mode="nearest"), f(1, 1, 5, 6))
case("edge_interp_scale_tuple", lambda x: F.interpolate(x[0], scale_factor=(2, 0.5), mode="bilinear"), f(1, 1, 3, 4))
case("edge_interp_linear_align", lambda x: F.interpolate(x[0], size=5, mode="linear", align_corners=True), f(1, 1, 3))
case("edge_maxpool_ceil_pad", lambda x: F.max_pool2d(x[0], 3, 2, 1, ceil_mode=True), f(1, 1, 6, 6))
case("edge_avgpool_ceil_pad_exclude", lambda x: F.avg_pool2d(x[0], 2, 2, 1, ceil_mode=True, count_include_pad=False),
     f(1, 1, 5, 5))
case("edge_pad_reflect_max", lambda x: F.pad(x[0], (3, 3), mode="reflect"), f(1, 1, 4))
case("edge_pad_circular_full", lambda x: F.pad(x[0], (4, 0, 0, 3), mode="circular"), f(1, 1, 3, 4))
case("edge_masked_fill_nan", lambda x: x[0].masked_fill(x[1], NAN), f(2, 3), mask(2, 3))
case("edge_median_dim_even_ties", lambda x: torch.median(x[0], 0), v(1, 1, 2, 2).reshape(4, 1))
case("edge_conv2d_same_dilation_even", lambda x: F.conv2d(x[0], x[1], padding="same", dilation=(1, 3)), f(1, 1, 5, 6),
     f(1, 1, 2, 2))
case("edge_round_big", lambda x: torch.round(x[0]), v(8388607.5, -8388609, 0.49999997, 2.5000002))
case("edge_logsigmoid_ext", lambda x: F.logsigmoid(x[0]), v(-200, 200, -1e-8, 50))
case("edge_mish_ext", lambda x: F.mish(x[0]), v(-200, 200, 19.9, 20.1, -20.1))
case("interpolate_bicubic", lambda x: F.interpolate(x[0], size=(5, 7), mode="bicubic", align_corners=False),
     f(1, 2, 3, 4))
case("interpolate_bicubic_align", lambda x: F.interpolate(x[0], size=(6, 3), mode="bicubic", align_corners=True),
     f(2, 1, 4, 5))
case("interpolate_bicubic_down", lambda x: F.interpolate(x[0], scale_factor=0.6, mode="bicubic"), f(1, 1, 6, 7))
case("interpolate_nearest_exact", lambda x: F.interpolate(x[0], scale_factor=1.7, mode="nearest-exact"), f(1, 1, 4, 5))
case("interpolate_area", lambda x: F.interpolate(x[0], size=(3, 2), mode="area"), f(1, 2, 7, 5))
case("interpolate_area_1d", lambda x: F.interpolate(x[0], scale_factor=0.5, mode="area"), f(1, 2, 9))
case("edge_maxpool_ceil_window_wider", lambda x: F.max_pool2d(x[0], 3, (2, 3), 0, 2, ceil_mode=True), f(1, 2, 4, 3))

# ---- more of PyTorch's functions: composites, products, bucketing, splits ----------------------
case("logaddexp", lambda x: torch.logaddexp(x[0], x[1]), f(3, 4, lo=-30, hi=30), f(4, lo=-30, hi=30))
case("logaddexp_ties_inf", lambda x: torch.logaddexp(x[0], x[1]), v(1, -float("inf"), float("inf"), 2),
     v(1, -float("inf"), float("inf"), -3))
case("logaddexp2", lambda x: torch.logaddexp2(x[0], x[1]), f(2, 3), f(2, 3))
case("xlogy", lambda x: torch.xlogy(x[0], x[1]), v(0, 2, 0, -1.5, 3), v(0.5, 3, float("nan"), 2, 0.25))
case("hypot", lambda x: torch.hypot(x[0], x[1]), nz(3, 2), nz(2))
case("logit", lambda x: torch.logit(x[0]), f(5, lo=0.05, hi=0.95))
case("logit_eps", lambda x: torch.logit(x[0], eps=0.1), v(0.05, 0.3, 0.95, 0.5))
case("frac", lambda x: torch.frac(x[0]), v(-2.5, -0.25, 0.75, 3.5))
case("sinc", lambda x: torch.sinc(x[0]), v(0, 0.5, -1.25, 2.5, 0.1))
case("deg2rad", lambda x: torch.deg2rad(x[0]), f(3, lo=-360, hi=360))
case("rad2deg", lambda x: torch.rad2deg(x[0]), f(3))
case("heaviside", lambda x: torch.heaviside(x[0], x[1]), v(-1, 0, 2, 0), v(0.5, 0.25, 0.5, 0.75))
case("signbit", lambda x: torch.signbit(x[0]), v(-0.0, 0.0, -1, 2))
case("nansum_dim", lambda x: torch.nansum(x[0], 1), v(1, float("nan"), 2, float("nan"), float("nan"), 3).reshape(2, 3))
case("nanmean_all", lambda x: torch.nanmean(x[0]), v(1, float("nan"), 2, 4))
case("nanmean_dim_keepdim", lambda x: torch.nanmean(x[0], 0, keepdim=True),
     v(1, float("nan"), 2, float("nan"), 5, 3).reshape(2, 3))
case("logcumsumexp", lambda x: torch.logcumsumexp(x[0], 1), f(2, 5, lo=-5, hi=5))
case("logcumsumexp_spread", lambda x: torch.logcumsumexp(x[0], 0), v(-200, 0, 1, -50, 30))
case("logcumsumexp_long", lambda x: torch.logcumsumexp(x[0], -1), f(2, 300))
case("kthvalue", lambda x: torch.kthvalue(x[0], 2, 1), f(3, 5))
case("kthvalue_ties_keepdim", lambda x: torch.kthvalue(x[0], 2, 0, keepdim=True), v(3, 1, 2, 5, 5, 4).reshape(3, 2))
case("mm", lambda x: torch.mm(x[0], x[1]), f(3, 4), f(4, 2))
case("mv", lambda x: torch.mv(x[0], x[1]), f(3, 4), f(4))
case("addmm", lambda x: torch.addmm(x[0], x[1], x[2], beta=0.5, alpha=-2), f(2), f(3, 4), f(4, 2))
case("addmm_beta0_nan", lambda x: torch.addmm(x[0], x[1], x[2], beta=0), v(float("nan")), f(2, 3), f(3, 2))
case("addmv", lambda x: torch.addmv(x[0], x[1], x[2], beta=2, alpha=0.5), f(3), f(3, 4), f(4))
case("baddbmm", lambda x: torch.baddbmm(x[0], x[1], x[2], beta=0.25, alpha=1.5), f(2, 3, 1), f(2, 3, 4), f(2, 4, 5))
case("tensordot_2", lambda x: torch.tensordot(x[0], x[1], 2), f(2, 3, 4), f(3, 4, 5))
case("tensordot_dims", lambda x: torch.tensordot(x[0], x[1], ([0, 2], [2, 1])), f(2, 3, 4), f(5, 4, 2))
case("hstack", lambda x: torch.hstack([x[0], x[1]]), f(2, 3), f(2, 1))
case("hstack_1d", lambda x: torch.hstack([x[0], x[1]]), f(2), f(3))
case("vstack", lambda x: torch.vstack([x[0], x[1]]), f(3), f(2, 3))
case("dstack", lambda x: torch.dstack([x[0], x[1]]), f(2, 3), f(2, 3, 2))
case("block_diag", lambda x: torch.block_diag(x[0], x[1], x[2]), f(2, 2), f(3), f(()))
case("rot90", lambda x: torch.rot90(x[0], 1, [0, 1]), f(2, 3))
case("rot90_neg_dims", lambda x: torch.rot90(x[0], -1, [2, 0]), f(2, 3, 4))
case("rot90_twice", lambda x: torch.rot90(x[0], 2), f(3, 2))
case("fliplr", lambda x: torch.fliplr(x[0]), f(2, 3))
case("flipud", lambda x: torch.flipud(x[0]), f(3, 2))
case("swapaxes", lambda x: torch.swapaxes(x[0], 0, 2), f(2, 3, 4))
case("tensor_split_sections", lambda x: torch.tensor_split(x[0], 3, 1), f(2, 7))
case("tensor_split_indices", lambda x: torch.tensor_split(x[0], [1, 5, 9], 0), f(7, 2))
case("searchsorted", lambda x: torch.searchsorted(x[0], x[1]), v(1, 3, 5, 7, 9), v(3, 6, 9, 0, 10, 5).reshape(2, 3))
case("searchsorted_right_rows", lambda x: torch.searchsorted(x[0], x[1], right=True),
     v(1, 3, 5, 2, 2, 8).reshape(2, 3), v(3, 6, 2, 9).reshape(2, 2))
case("bucketize", lambda x: torch.bucketize(x[0], x[1]), v(1, 5, 8, 9.5, 0), v(1, 5, 9))
case("bucketize_right", lambda x: torch.bucketize(x[0], x[1], right=True), v(1, 5, 8, 9.5, 0), v(1, 5, 9))
case("bincount", lambda x: torch.bincount(x[0], minlength=6), torch.tensor([0, 1, 1, 3]))
case("bincount_weights", lambda x: torch.bincount(x[0], weights=x[1]), torch.tensor([0, 1, 1, 3]), v(0.5, 1, 2, 3))
case("histc", lambda x: torch.histc(x[0], bins=4, min=0, max=4), v(1, 2, 1, 4, 5, -1))
case("histc_data_range", lambda x: torch.histc(x[0], bins=4), v(1, 2, 1, 4, 5))

# ---- square linear algebra (well-conditioned: a multiple of the identity plus noise) ----------
def wc(*shape):
    n = shape[-1]
    return f(*shape, lo=-0.5, hi=0.5) + 2 * torch.eye(n)


case("linalg_inv", lambda x: torch.linalg.inv(x[0]), wc(3, 3))
case("linalg_inv_batched", lambda x: torch.linalg.inv(x[0]), wc(2, 4, 4))
case("linalg_det", lambda x: torch.linalg.det(x[0]), wc(3, 3))
case("linalg_det_batched_negative", lambda x: torch.linalg.det(x[0]), v(0, 1, 1, 0, 2, 1, 1, 3).reshape(2, 2, 2))
case("linalg_det_singular", lambda x: torch.linalg.det(x[0]).detach(), v(1, 2, 2, 4).reshape(2, 2))
case("linalg_slogdet_logabsdet", lambda x: torch.linalg.slogdet(x[0])[1], wc(2, 3, 3) - 3 * torch.eye(3))
case("linalg_slogdet_sign", lambda x: torch.linalg.slogdet(x[0])[0], v(0, 1, 1, 0, 2, 1, 1, 3).reshape(2, 2, 2))
case("linalg_solve", lambda x: torch.linalg.solve(x[0], x[1]), wc(3, 3), f(3, 2))
case("linalg_solve_vector", lambda x: torch.linalg.solve(x[0], x[1]), wc(2, 3, 3), f(2, 3))
case("linalg_solve_broadcast", lambda x: torch.linalg.solve(x[0], x[1]), wc(3, 3), f(2, 3, 4))

# ---- special functions ------------------------------------------------------------------------
case("lgamma", lambda x: torch.lgamma(x[0]), v(0.1, 0.5, 1, 1.5, 2, 3.7, 10, 55.5, -0.5, -1.3, -2.7, 1e-3))
case("digamma", lambda x: torch.digamma(x[0]), v(0.1, 0.5, 1, 2.5, 7, 30, -0.5, -1.3, -2.7, 1e-3))
case("erfinv", lambda x: torch.erfinv(x[0]), v(-0.97, -0.9, -0.3, 0, 1e-4, 0.5, 0.95))
case("erfinv_edges", lambda x: torch.erfinv(x[0]).detach(), v(-1, 1, 1.5, -2, 0, -0.999, 0.99999))

# ---- inverse hyperbolic functions, NaN-ignoring extremes, statistics, windows --------------------
case("asinh", lambda x: torch.asinh(x[0]), v(-3e20, -50, -1.5, -1e-4, 0, 1e-6, 0.3, 2, 1e4))
case("acosh", lambda x: torch.acosh(x[0]), v(1.0001, 1.2, 2, 10, 1e5, 3e20))
case("acosh_below_one", lambda x: torch.acosh(x[0]).detach(), v(1, 0.5, -2))
case("atanh", lambda x: torch.atanh(x[0]), v(-0.99, -0.5, -1e-5, 0, 0.25, 0.9))
case("atanh_edges", lambda x: torch.atanh(x[0]).detach(), v(1, -1, 1.5))
case("copysign", lambda x: torch.copysign(x[0], x[1]), nz(2, 3), v(-0.0, 0.0, -2, 3, float("nan"), -float("inf")).reshape(2, 3))
case("fmax", lambda x: torch.fmax(x[0], x[1]), v(1, float("nan"), 3, float("nan"), 0.5), v(2, 1, float("nan"), float("nan"), -1))
case("fmin", lambda x: torch.fmin(x[0], x[1]), v(1, float("nan"), 3, float("nan"), 0.5), v(2, 1, float("nan"), float("nan"), -1))
case("fmax_broadcast", lambda x: torch.fmax(x[0], x[1]), f(2, 3), f(3))
case("hardshrink", lambda x: F.hardshrink(x[0]), v(-2, -0.6, -0.3, 0, 0.2, 0.7, 3))
case("hardshrink_lambda", lambda x: F.hardshrink(x[0], 1.2), f(3, 4))
case("isposinf", lambda x: torch.isposinf(x[0]), v(float("inf"), -float("inf"), 0, float("nan")))
case("isneginf", lambda x: torch.isneginf(x[0]), v(float("inf"), -float("inf"), 0, float("nan")))
case("logdet", lambda x: torch.logdet(x[0]), wc(3, 3))
case("logdet_signs", lambda x: torch.logdet(x[0]).detach(), v(0, 1, 1, 0, 2, 1, 1, 3, 1, 2, 2, 4).reshape(3, 2, 2))
case("matrix_power_3", lambda x: torch.linalg.matrix_power(x[0], 3), f(3, 3, lo=-1, hi=1))
case("matrix_power_0", lambda x: torch.linalg.matrix_power(x[0], 0), f(2, 2, 2))
case("matrix_power_neg2", lambda x: torch.linalg.matrix_power(x[0], -2), wc(3, 3))
case("inner", lambda x: torch.inner(x[0], x[1]), f(2, 3, 4), f(5, 4))
case("inner_vectors", lambda x: torch.inner(x[0], x[1]), f(4), f(4))
case("dist", lambda x: torch.dist(x[0], x[1]), f(2, 3), f(3))
case("dist_p1", lambda x: torch.dist(x[0], x[1], 1), f(2, 3), f(2, 3))
case("cov", lambda x: torch.cov(x[0]), f(3, 6))
case("cov_vector_correction0", lambda x: torch.cov(x[0], correction=0), f(5))
case("corrcoef", lambda x: torch.corrcoef(x[0]), f(3, 7))
case("take", lambda x: torch.take(x[0], x[1]), f(3, 4), idx(12, 2, 3))
case("argwhere", lambda x: torch.argwhere(x[0]), v(0, 1, 0, 2, 3, 0).reshape(2, 3))
case("tensor_unfold", lambda x: x[0].unfold(1, 3, 2), f(2, 7))
case("unfold_overlap_dim0", lambda x: x[0].unfold(0, 4, 1), f(6, 2))
case("unfold_whole", lambda x: x[0].unfold(-1, 5, 3), f(2, 1, 5))
case("hsplit", lambda x: torch.hsplit(x[0], 2)[1], f(3, 4))
case("vsplit", lambda x: torch.vsplit(x[0], 3)[2], f(6, 2))
case("dsplit", lambda x: torch.dsplit(x[0], 2)[0], f(2, 2, 4))
case("take_negative", lambda x: torch.take(x[0], x[1]), f(2, 3), torch.tensor([[-1, 0], [-6, 5]]))
case("cov_int", lambda x: torch.cov(x[0]), torch.tensor([[1, 2, 4], [3, 1, 0]]))
case("tensor_unfold_scalar", lambda x: x[0].unfold(0, 1, 1), v(5).reshape(()))

# ---- copies with a part replaced, scatter_reduce, bitwise ops, erfc, diagonals, pairs, integrals ----
case("erfc", lambda x: torch.erfc(x[0]), v(-3, -1, -0.2, 0, 0.4, 1, 1.9, 2, 2.5, 4, 6, 9))
case("scatter_reduce_sum", lambda x: x[0].scatter_reduce(1, x[2], x[1], "sum"), f(3, 4), f(3, 5), idx(4, 3, 5))
case("scatter_reduce_sum_exclude", lambda x: x[0].scatter_reduce(1, x[2], x[1], "sum", include_self=False),
     f(3, 4), f(3, 2), idx(4, 3, 2))
case("scatter_reduce_mean", lambda x: x[0].scatter_reduce(0, x[2], x[1], "mean"), f(4, 3), f(5, 3), idx(4, 5, 3))
case("scatter_reduce_mean_exclude", lambda x: x[0].scatter_reduce(0, x[2], x[1], "mean", include_self=False),
     f(4, 3), f(5, 3), idx(4, 5, 3))
sr_self = v(1, 2, 3, 4, 0, 0, 0, 0).reshape(2, 4)
sr_src = v(3, 1, 3, 5, 2, 0, 0, 1, -1, 0).reshape(2, 5)
sr_index = torch.tensor([[0, 0, 0, 3, 1], [1, 1, 2, 2, 3]])
case("scatter_reduce_amax_ties", lambda x: x[0].scatter_reduce(1, x[2], x[1], "amax"), sr_self, sr_src, sr_index)
case("scatter_reduce_amin_exclude", lambda x: x[0].scatter_reduce(1, x[2], x[1], "amin", include_self=False),
     sr_self, sr_src, sr_index)
case("scatter_reduce_prod_zeros", lambda x: x[0].scatter_reduce(1, x[2], x[1], "prod"),
     v(2, 0, 3, 1, 1.5, 2, -1, 0.5).reshape(2, 4), v(0, 2, 0.5, 0, 3, 0, 1.5, 2, -2, 1).reshape(2, 5),
     torch.tensor([[0, 0, 1, 2, 2], [0, 1, 1, 3, 3]]))
case("scatter_reduce_prod_exclude", lambda x: x[0].scatter_reduce(0, x[2], x[1], "prod", include_self=False),
     f(3, 2), f(4, 2), idx(3, 4, 2))
case("scatter_reduce_int_mean", lambda x: x[0].scatter_reduce(0, x[2], x[1], "mean"),
     torch.tensor([5, 7, -3]), torch.tensor([2, 4, 9, -8]), torch.tensor([0, 0, 1, 2]))
case("index_copy", lambda x: x[0].index_copy(1, x[2], x[1]), f(3, 5), f(3, 2), torch.tensor([4, 1]))
case("masked_scatter", lambda x: x[0].masked_scatter(x[1], x[2]), f(3, 4), mask(3, 4), f(14))
case("masked_scatter_broadcast", lambda x: x[0].masked_scatter(x[1], x[2]), f(2, 3), torch.tensor([True, False, True]),
     f(2, 3))
case("slice_scatter", lambda x: torch.slice_scatter(x[0], x[1], 1, 1, 6, 2), f(3, 6), f(3, 3))
case("select_scatter", lambda x: torch.select_scatter(x[0], x[1], 0, -1), f(3, 4), f(4))
case("diagonal_scatter", lambda x: torch.diagonal_scatter(x[0], x[1], 1), f(3, 4), f(3))
case("diagonal_scatter_dims", lambda x: torch.diagonal_scatter(x[0], x[1], -1, 2, 0), f(3, 2, 4), f(2, 3))
case("diag_embed", lambda x: torch.diag_embed(x[0]), f(2, 3))
case("diag_embed_offset_dims", lambda x: torch.diag_embed(x[0], 1, 0, 2), f(2, 3))
case("diagflat", lambda x: torch.diagflat(x[0], -1), f(2, 2))
case("bitwise_and", lambda x: torch.bitwise_and(x[0], x[1]), torch.tensor([12, -7, 5, 0]), torch.tensor([10, 3, -1, 9]))
case("bitwise_or_broadcast", lambda x: torch.bitwise_or(x[0], x[1]), torch.tensor([[12], [-7]]), torch.tensor([1, 2, 8]))
case("bitwise_xor_bool", lambda x: torch.bitwise_xor(x[0], x[1]), torch.tensor([True, True, False, False]),
     torch.tensor([True, False, True, False]))
case("bitwise_and_bool_int", lambda x: torch.bitwise_and(x[0], x[1]), torch.tensor([True, False, True]),
     torch.tensor([3, 3, 2]))
case("bitwise_not", lambda x: torch.bitwise_not(x[0]), torch.tensor([0, 5, -1, 2 ** 40]))
case("bitwise_not_bool", lambda x: torch.bitwise_not(x[0]), torch.tensor([True, False]))
case("bitwise_left_shift", lambda x: torch.bitwise_left_shift(x[0], x[1]), torch.tensor([1, -3, 5, 7, 1]),
     torch.tensor([3, 2, 0, 5, 63]))
case("bitwise_right_shift", lambda x: torch.bitwise_right_shift(x[0], x[1]), torch.tensor([64, -64, 5, -7, 9]),
     torch.tensor([3, 2, 0, 6, 63]))
case("bitwise_and_scalar", lambda x: x[0] & 6, torch.tensor([12, 7, -1]))
case("addr", lambda x: torch.addr(x[0], x[1], x[2], beta=0.5, alpha=2), f(3, 4), f(3), f(4))
case("addbmm", lambda x: torch.addbmm(x[0], x[1], x[2]), f(2, 4), f(3, 2, 5), f(3, 5, 4))
case("float_power", lambda x: torch.float_power(x[0], 2.5), f(2, 3, lo=0.5, hi=2))
case("float_power_tensor", lambda x: torch.float_power(x[0], x[1]), f(3, lo=0.5, hi=2), f(3))
case("trapezoid", lambda x: torch.trapezoid(x[0], dx=0.5, dim=1), f(2, 5))
case("trapezoid_points", lambda x: torch.trapezoid(x[0], x[1], dim=-1), f(3, 4), v(0, 0.5, 2, 2.25))
case("cumulative_trapezoid", lambda x: torch.cumulative_trapezoid(x[0], dim=0), f(4, 2))
case("cumulative_trapezoid_points", lambda x: torch.cumulative_trapezoid(x[0], x[1], dim=1), f(2, 4), f(2, 4))
case("renorm", lambda x: torch.renorm(x[0], 2, 0, 1.0), f(3, 4))
case("renorm_p1_dim1", lambda x: torch.renorm(x[0], 1, 1, 1.5), f(2, 3, 2))
case("pdist", lambda x: F.pdist(x[0]), f(4, 3))
case("pdist_p1", lambda x: F.pdist(x[0], 1), f(3, 2))
case("aminmax", lambda x: torch.aminmax(x[0]), f(3, 4))
case("aminmax_dim", lambda x: torch.aminmax(x[0], dim=1, keepdim=True), f(3, 4))
case("tril_indices", lambda x: torch.tril_indices(3, 4, 1))
case("triu_indices", lambda x: torch.triu_indices(4, 3, -1))
case("cartesian_prod", lambda x: torch.cartesian_prod(x[0], x[1]), f(3), f(2))
case("combinations", lambda x: torch.combinations(x[0]), f(4))
case("combinations_replacement", lambda x: torch.combinations(x[0], 3, with_replacement=True), f(3))
case("vander", lambda x: torch.vander(x[0]), v(0, 1.5, -2, 0.5))
case("vander_increasing", lambda x: torch.vander(x[0], 3, increasing=True), v(2, 0, -1))
case("nanmedian_dim", lambda x: torch.nanmedian(x[0], 1),
     v(1, float("nan"), 3, 2, float("nan"), 5, float("nan"), -2, 4, 0.5, -1, 2).reshape(3, 4))
case("nanmedian_all", lambda x: torch.nanmedian(x[0]), v(3, float("nan"), 1, 2, 2, float("nan")))
case("mode", lambda x: torch.mode(x[0], 1), v(2, 1, 2, 1, 3, 1, 0, 3, 2, 2, 0, 1).reshape(3, 4))
case("mode_dim0_keepdim", lambda x: torch.mode(x[0], 0, keepdim=True), v(1, 5, 1, 2, 5, 2, 1, 7).reshape(4, 2))
case("unique_inverse_counts", lambda x: torch.unique(x[0], return_inverse=True, return_counts=True),
     v(3, 1, 2, 3, 1, 5).reshape(2, 3))
case("unique_int_counts", lambda x: torch.unique(x[0], return_counts=True), torch.tensor([4, -1, 4, 4, 0]))
case("unique_consecutive", lambda x: torch.unique_consecutive(x[0], return_inverse=True, return_counts=True),
     v(1, 1, 2, 2, 3, 1, 1, 2))
case("unique_consecutive_values", lambda x: torch.unique_consecutive(x[0]), torch.tensor([[1, 1], [2, 1]]))
case("xlogy_edges", lambda x: torch.xlogy(x[0], x[1]), v(0, 0, 0, 2, 0, 0, -1),
     v(0, -1, float("nan"), 0, 2, float("inf"), 3))
case("xlogy_broadcast", lambda x: torch.xlogy(x[0], x[1]), f(2, 3, lo=-1, hi=1), f(3, lo=0.5, hi=2))
case("ndtr", lambda x: torch.special.ndtr(x[0]), v(-9, -3, -0.5, 0, 1.2, 4))
case("ndtri", lambda x: torch.special.ndtri(x[0]), v(1e-6, 0.01, 0.3, 0.5, 0.8, 0.999))
case("log_ndtr", lambda x: torch.special.log_ndtr(x[0]), v(-60, -25, -19, -5, -1, 0, 2, 7))
case("xlog1py", lambda x: torch.special.xlog1py(x[0], x[1]), v(0, 0, 2, -1.5, 3), v(-1, float("nan"), 0.5, 2, -0.5))
case("entr", lambda x: torch.special.entr(x[0]), v(0.25, 1, 2.5, 0.01))
case("entr_edges", lambda x: torch.special.entr(x[0]).detach(), v(0, -1, 3))
case("gcd", lambda x: torch.gcd(x[0], x[1]), torch.tensor([12, -18, 0, 7, 0]), torch.tensor([8, 12, 5, 0, 0]))
case("lcm_broadcast", lambda x: torch.lcm(x[0], x[1]), torch.tensor([[4], [-6]]), torch.tensor([6, 0, 9]))
case("atleast_3d", lambda x: torch.atleast_3d(x[0]), f(2, 3))
case("column_stack", lambda x: torch.column_stack((x[0], x[1], x[2])), f(3), f(3, 2), f(3))
case("multi_dot", lambda x: torch.linalg.multi_dot([x[0], x[1], x[2], x[3]]), f(3), f(3, 4), f(4, 2), f(2))
case("linalg_svdvals", lambda x: torch.linalg.svdvals(x[0]), f(2, 4, 3))
case("linalg_svdvals_wide", lambda x: torch.linalg.svdvals(x[0]), f(3, 5))
case("linalg_matrix_norm_fro", lambda x: torch.linalg.matrix_norm(x[0]), f(2, 3, 4))
case("linalg_matrix_norm_nuc", lambda x: torch.linalg.matrix_norm(x[0], "nuc"), f(3, 3))
case("linalg_matrix_norm_2", lambda x: torch.linalg.matrix_norm(x[0], 2), f(2, 3, 4))
case("linalg_matrix_norm_1", lambda x: torch.linalg.matrix_norm(x[0], 1), f(3, 4))
case("linalg_matrix_norm_neg_inf", lambda x: torch.linalg.matrix_norm(x[0], -float("inf")), f(3, 4))
case("linalg_matrix_rank", lambda x: torch.linalg.matrix_rank(x[0]), v(1, 2, 2, 4, 1, 0, 0, 1).reshape(2, 2, 2))
case("linalg_cond", lambda x: torch.linalg.cond(x[0]), wc(3, 3))
case("bilinear", lambda x: F.bilinear(x[0], x[1], x[2], x[3]), f(2, 3, 4), f(2, 3, 5), f(6, 4, 5), f(6))
case("bilinear_no_bias", lambda x: F.bilinear(x[0], x[1], x[2]), f(3, 2), f(3, 3), f(4, 2, 3))
case("embedding_bag_mean_offsets", lambda x: F.embedding_bag(x[0], x[1], x[2]), torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]),
     f(10, 3), torch.tensor([0, 3, 3, 6]))
case("embedding_bag_sum_weights", lambda x: F.embedding_bag(x[0], x[1], x[2], mode="sum", per_sample_weights=x[3]),
     torch.tensor([1, 2, 4, 5, 4]), f(6, 2), torch.tensor([0, 2]), f(5))
case("embedding_bag_max_2d", lambda x: F.embedding_bag(x[0], x[1], mode="max"), torch.tensor([[0, 2, 1], [3, 3, 4]]),
     f(5, 4))
case("affine_grid", lambda x: F.affine_grid(x[0], (2, 1, 3, 4), align_corners=False), f(2, 2, 3, lo=-1, hi=1))
case("grid_sample_bilinear", lambda x: F.grid_sample(x[0], x[1], align_corners=False), f(2, 3, 4, 5),
     f(2, 3, 2, 2, lo=-1.2, hi=1.2))
case("grid_sample_bilinear_border_aligned", lambda x: F.grid_sample(x[0], x[1], padding_mode="border",
     align_corners=True), f(1, 2, 3, 4), f(1, 2, 3, 2, lo=-1.3, hi=1.3))
case("grid_sample_nearest", lambda x: F.grid_sample(x[0], x[1], mode="nearest", align_corners=False),
     f(1, 2, 4, 4), f(1, 3, 3, 2, lo=-1.1, hi=1.1))
case("affine_grid_sample", lambda x: F.grid_sample(x[0], F.affine_grid(x[1], (2, 3, 4, 4), align_corners=False),
     align_corners=False), f(2, 3, 5, 5), f(2, 2, 3, lo=-0.8, hi=0.8))
case("embedding_bag_padding_last_offset", lambda x: F.embedding_bag(x[0], x[1], x[2], include_last_offset=True,
     padding_idx=2), torch.tensor([2, 1, 2, 3, 0]), f(4, 3), torch.tensor([0, 2, 5]))

# ---- decompositions: Cholesky, triangular solves, QR, symmetric eigenproblems -----------------
case("linalg_cholesky", lambda x: torch.linalg.cholesky(x[0] @ x[0].mT + 0.5 * torch.eye(3)), f(2, 3, 3))
case("linalg_solve_triangular_upper", lambda x: torch.linalg.solve_triangular(x[0], x[1], upper=True), wc(3, 3), f(3, 2))
case("linalg_solve_triangular_lower_unit", lambda x: torch.linalg.solve_triangular(x[0], x[1], upper=False,
     unitriangular=True), f(2, 3, 3), f(3, 4))
case("linalg_qr_q", lambda x: torch.linalg.qr(x[0])[0], f(4, 3))
case("linalg_qr_r", lambda x: torch.linalg.qr(x[0])[1], f(4, 3))
case("linalg_qr_wide_q", lambda x: torch.linalg.qr(x[0])[0], f(2, 3))
case("linalg_qr_wide_r", lambda x: torch.linalg.qr(x[0])[1], f(2, 2, 4))
case("linalg_qr_square_batched", lambda x: torch.linalg.qr(x[0])[1], f(2, 3, 3))
case("linalg_eigvalsh", lambda x: torch.linalg.eigvalsh(x[0] + x[0].mT), f(2, 4, 4))
case("linalg_eigh_vectors_squared", lambda x: torch.linalg.eigh(x[0] + x[0].mT)[1] ** 2, f(4, 4))
case("linalg_eigh_lower_triangle", lambda x: (lambda lv: lv[1] @ torch.diag_embed(lv[0]) @ lv[1].mT)(torch.linalg.eigh(x[0])),
     f(3, 3))


def run(fn, inputs):
    xs = [x.double().requires_grad_() if x.is_floating_point() else x for x in inputs]
    ys = fn(xs)
    ys = list(ys) if isinstance(ys, tuple) else [ys]
    return xs, ys


def main(out_dir):
    tensors = {}
    for name, fn, inputs in CASES:
        xs, ys = run(fn, inputs)
        for i, x in enumerate(inputs):
            tensors[f"{name}.x{i}"] = x
        for i, y in enumerate(ys):
            tensors[f"{name}.y{i}"] = y.detach().float() if y.is_floating_point() else y
        if ys[0].requires_grad:
            w = torch.randn(ys[0].shape, generator=gen)
            tensors[f"{name}.w"] = w
            try:
                (ys[0] * w.double()).sum().backward()
            except RuntimeError as e:  # e.g. scatter with reduce: PyTorch has no derivative
                print(f"{name}: no gradient ({str(e).splitlines()[0]})")
                continue
            for i, x in enumerate(xs):
                if x.is_floating_point():
                    tensors[f"{name}.g{i}"] = (x.grad if x.grad is not None else torch.zeros_like(x)).float()
    save(tensors, out_dir + "/torch_ops.safetensors", {"cases": ",".join(n for n, _, _ in CASES)})
    print(len(CASES), "cases")


if __name__ == "__main__":
    main(sys.argv[1])
