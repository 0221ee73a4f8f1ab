package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.layers.EmbeddingBag;
import dev.nabla.ops.Conv;
import dev.nabla.ops.GridSample;
import dev.nabla.ops.Interpolate;
import dev.nabla.ops.Linalg;
import dev.nabla.ops.Pad;
import dev.nabla.ops.Pool;
import dev.nabla.ops.Unfold;
import dev.nabla.tensor.MinMax;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Unique;
import dev.nabla.tensor.ValuesIndices;
import dev.nabla.testing.Parity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The everyday ops and the convolution, pooling, padding and resizing ops against PyTorch 1.13:
 * {@code src/test/python/make_torch_ops_fixture.py} wrote, for each case below (same name, same
 * call), its seeded inputs, PyTorch's results and the gradients of {@code sum(y0 * w)} into
 * {@code torch_ops.safetensors}. Each case runs on every backend: float results and gradients
 * within {@code 1e-5} relative plus {@code 1e-6} absolute ({@code ref}, float64) or {@code 1e-5}
 * absolute ({@code cpu}, float32); integer results (indices, int64 arithmetic) exactly, with
 * PyTorch's dtype; an input PyTorch differentiates must get Nabla's gradient too.
 */
class TorchOpsTest {
    private static final Map<String, Function<Tensor[], Object>> CASES = new LinkedHashMap<>();
    private static Map<String, Tensor> fixture;
    private static List<String> fixtureCases;

    private static void c(String name, Function<Tensor[], Object> call) {
        CASES.put(name, call);
    }

    private static int[] a(int... v) {
        return v;
    }

    static {
        // scans, products, sorting
        c("cumsum_dim1", x -> x[0].cumsum(1));
        c("cumsum_dim_neg1", x -> x[0].cumsum(-1));
        c("cumsum_dim0", x -> x[0].cumsum(0));
        c("cumprod_dim_neg1", x -> x[0].cumprod(-1));
        c("cumprod_with_zeros", x -> x[0].cumprod(1));
        c("cumprod_dim0", x -> x[0].cumprod(0));
        c("prod_all", x -> x[0].prod());
        c("prod_dim_neg1_keepdim", x -> x[0].prod(-1, true));
        c("prod_one_zero", x -> x[0].prod(1, false));
        c("prod_two_zeros", x -> x[0].prod(0, false));
        c("sort_dim_neg1", x -> x[0].sort(-1, false));
        c("sort_dim0_descending", x -> x[0].sort(0, true));
        c("sort_ties_stable", x -> x[0].sort(-1, false, true));
        c("sort_ties_stable_descending", x -> x[0].sort(1, true, true));
        c("argsort_dim0", x -> x[0].argsort(0, false));
        c("argsort_descending", x -> x[0].argsort(-1, true));
        c("topk_largest", x -> x[0].topk(2));
        c("topk_smallest_dim0", x -> x[0].topk(3, 0, false, true));
        c("topk_ties", x -> x[0].topk(2, -1, true, true));
        c("median_all", x -> x[0].median());
        c("median_all_even", x -> x[0].median());
        c("median_all_ties", x -> x[0].median());
        c("median_dim_neg1", x -> x[0].median(-1, false));
        c("median_all_nan", x -> x[0].median());
        c("median_dim_ties", x -> x[0].median(1, false));
        c("median_dim0_keepdim", x -> x[0].median(0, true));
        c("quantile_all", x -> x[0].quantile(0.3));
        c("quantile_dim_neg1", x -> x[0].quantile(0.75, -1, false));
        c("quantile_dim0_keepdim", x -> x[0].quantile(0.5, 0, true));
        for (String mode : List.of("lower", "higher", "nearest", "midpoint")) {
            c("quantile_" + mode, x -> x[0].quantile(0.4, 1, false, mode));
        }
        c("quantile_nearest_half", x -> x[0].quantile(0.5, 0, false, "nearest"));
        c("quantile_q_edges", x -> x[0].quantile(Tensor.of(new double[] {0, 1}), -1, true, "linear"));
        c("quantile_nan", x -> x[0].quantile(0.5, 1, false));
        c("median_dim_nan", x -> x[0].median(1, false));
        c("quantile_q_tensor", x -> x[0].quantile(Tensor.of(new double[] {0.1, 0.5, 0.9}), 1, false, "linear"));
        // linear algebra, shapes
        c("einsum_matmul", x -> Tensor.einsum("ij,jk->ik", x[0], x[1]));
        c("einsum_batched", x -> Tensor.einsum("bij,bjk->bik", x[0], x[1]));
        c("einsum_trace", x -> Tensor.einsum("ii->", x[0]));
        c("einsum_diagonal", x -> Tensor.einsum("ii->i", x[0]));
        c("einsum_outer", x -> Tensor.einsum("i,j->ij", x[0], x[1]));
        c("einsum_implicit", x -> Tensor.einsum("ij,jk", x[0], x[1]));
        c("einsum_ellipsis_transpose", x -> Tensor.einsum("...ij->...ji", x[0]));
        c("einsum_three_operands", x -> Tensor.einsum("ij,jk,kl->il", x[0], x[1], x[2]));
        c("einsum_dot_product", x -> Tensor.einsum("ij,ij->", x[0], x[1]));
        c("einsum_batch_diagonal", x -> Tensor.einsum("bii->bi", x[0]));
        c("einsum_ellipsis_broadcast", x -> Tensor.einsum("...ij,...jk->...ik", x[0], x[1]));
        c("einsum_sum_over", x -> Tensor.einsum("bij->j", x[0]));
        c("bmm", x -> x[0].bmm(x[1]));
        c("tril", x -> x[0].tril());
        c("tril_beyond", x -> x[0].tril(-5));
        c("triu_beyond", x -> x[0].triu(4));
        c("tril_diag_neg1_batched", x -> x[0].tril(-1));
        c("triu_diag1", x -> x[0].triu(1));
        c("triu_diag_neg2", x -> x[0].triu(-2));
        c("repeat", x -> x[0].repeat(2, 3));
        c("repeat_more_dims", x -> x[0].repeat(2, 1, 2));
        c("tile_fewer_dims", x -> x[0].tile(2));
        c("tile", x -> x[0].tile(3, 1, 2));
        c("flip_dims", x -> x[0].flip(0, -1));
        c("flip_one", x -> x[0].flip(1));
        c("roll_flat", x -> x[0].roll(5));
        c("roll_dims", x -> x[0].roll(a(1, -2), a(0, -1)));
        c("roll_two_dims_big", x -> x[0].roll(a(5, -4), a(1, 2)));
        c("roll_negative_big", x -> x[0].roll(a(-7), a(1)));
        // elementwise
        c("sin", x -> x[0].sin());
        c("cos", x -> x[0].cos());
        c("atan2", x -> x[0].atan2(x[1]));
        c("atan2_broadcast", x -> x[0].atan2(x[1]));
        c("atan2_zeros", x -> x[0].atan2(x[1]));
        c("floor", x -> x[0].floor());
        c("ceil", x -> x[0].ceil());
        c("round_half_even", x -> x[0].round());
        c("round_decimals", x -> x[0].round(1));
        c("round_decimals_neg", x -> x[0].round(-1));
        c("remainder_signs", x -> x[0].remainder(x[1]));
        c("fmod_signs", x -> x[0].fmod(x[1]));
        c("remainder_random", x -> x[0].remainder(x[1]));
        c("fmod_random", x -> x[0].fmod(x[1]));
        c("remainder_scalar_negative", x -> x[0].remainder(-1.5));
        c("fmod_scalar", x -> x[0].fmod(1.5));
        c("hardtanh", x -> x[0].hardtanh());
        c("hardtanh_range", x -> x[0].hardtanh(-0.5, 2.0));
        c("logsigmoid", x -> x[0].logSigmoid());
        c("mish", x -> x[0].mish());
        c("mish_small", x -> x[0].mish());
        c("hardswish", x -> x[0].hardswish());
        c("hardtanh_at_bounds", x -> x[0].hardtanh());
        c("hardtanh_range_at_bounds", x -> x[0].hardtanh(-0.5, 2.0));
        c("hardswish_at_kinks", x -> x[0].hardswish());
        c("remainder_by_zero", x -> x[0].remainder(x[1]));
        c("fmod_by_zero", x -> x[0].fmod(x[1]));
        c("remainder_exact_multiples", x -> x[0].remainder(x[1]));
        c("fmod_exact_multiples", x -> x[0].fmod(x[1]));
        // writing by index
        c("scatter_dim1", x -> x[0].scatter(1, x[1], x[2]));
        c("scatter_dim0", x -> x[0].scatter(0, x[1], x[2]));
        c("scatter_dim_neg1_value", x -> x[0].scatter(-1, x[1], 2.5));
        c("scatter_add", x -> x[0].scatter(1, x[1], x[2], "add"));
        c("scatter_multiply", x -> x[0].scatter(1, x[1], x[2], "multiply"));
        c("index_put", x -> x[0].indexPut(new Tensor[] {x[1], x[2]}, x[3]));
        c("index_put_accumulate", x -> x[0].indexPut(new Tensor[] {x[1]}, x[2], true));
        c("index_put_broadcast_value", x -> x[0].indexPut(new Tensor[] {x[1]}, x[2]));
        c("index_put_mask", x -> x[0].indexPut(new Tensor[] {x[1]}, x[2]));
        c("masked_fill", x -> x[0].maskedFill(x[1], -1.25));
        c("masked_fill_broadcast", x -> x[0].maskedFill(x[1], 7.0));
        // convolutions, pooling, padding, resizing
        c("conv1d", x -> Conv.conv1d(x[0], x[1], x[2], 1, 0, 1, 1));
        c("conv1d_stride_pad_dil_groups", x -> Conv.conv1d(x[0], x[1], null, 2, 2, 2, 2));
        c("conv1d_same", x -> Conv.conv1d(x[0], x[1], x[2], 1, "same", 2, 1));
        c("conv2d", x -> Conv.conv2d(x[0], x[1], x[2], a(1), a(0), a(1), 1));
        c("conv2d_stride_padding", x -> Conv.conv2d(x[0], x[1], x[2], a(2, 1), a(1, 2), a(1), 1));
        c("conv2d_same_even_kernel", x -> Conv.conv2d(x[0], x[1], null, a(1), "same", a(1), 1));
        c("conv2d_dilation", x -> Conv.conv2d(x[0], x[1], x[2], a(1), a(1), a(2, 3), 1));
        c("conv2d_groups", x -> Conv.conv2d(x[0], x[1], x[2], a(2), a(0), a(1), 2));
        c("conv2d_depthwise", x -> Conv.conv2d(x[0], x[1], x[2], a(1), a(1), a(1), 3));
        c("conv2d_1x1", x -> Conv.conv2d(x[0], x[1], x[2], a(1), a(0), a(1), 1));
        c("conv2d_unbatched", x -> Conv.conv2d(x[0], x[1], null, a(1), a(1), a(1), 1));
        c("conv_transpose2d", x -> Conv.convTranspose2d(x[0], x[1], x[2], a(1), a(0), a(0), 1, a(1)));
        c("conv_transpose2d_stride_outpad", x -> Conv.convTranspose2d(x[0], x[1], x[2], a(2), a(1), a(1), 1, a(1)));
        c("conv_transpose2d_groups_dilation",
                x -> Conv.convTranspose2d(x[0], x[1], null, a(1, 2), a(2, 1), a(0), 2, a(2)));
        c("conv_transpose1d", x -> Conv.convTranspose1d(x[0], x[1], x[2], 3, 1, 2, 1, 1));
        c("max_pool2d", x -> Pool.maxPool2d(x[0], a(2), null, a(0), a(1), false));
        c("max_pool2d_indices", x -> Pool.maxPool2dWithIndices(x[0], a(3), a(2), a(1), a(1), false));
        c("max_pool2d_dilation_ceil", x -> Pool.maxPool2d(x[0], a(2, 3), a(2, 2), a(1, 1), a(2, 1), true));
        c("max_pool1d_indices", x -> Pool.maxPool1dWithIndices(x[0], 3, 2, 1, 1, false));
        c("max_pool1d_ceil", x -> Pool.maxPool1d(x[0], 2, 2, 0, 1, true));
        c("avg_pool2d", x -> Pool.avgPool2d(x[0], a(2), null, a(0), false, true, null));
        c("avg_pool2d_pad_exclude", x -> Pool.avgPool2d(x[0], a(3), a(2), a(1), false, false, null));
        c("avg_pool2d_pad_include_ceil", x -> Pool.avgPool2d(x[0], a(3), a(2), a(1), true, true, null));
        c("avg_pool2d_divisor", x -> Pool.avgPool2d(x[0], a(2, 3), a(1), a(1, 1), false, true, 4));
        c("avg_pool1d", x -> Pool.avgPool1d(x[0], 3, 2, 1, false, true));
        c("avg_pool1d_ceil_exclude", x -> Pool.avgPool1d(x[0], 3, 2, 1, true, false));
        c("adaptive_avg_pool2d", x -> Pool.adaptiveAvgPool2d(x[0], a(3, 2)));
        c("adaptive_avg_pool2d_global", x -> Pool.adaptiveAvgPool2d(x[0], a(1)));
        c("adaptive_avg_pool2d_upsizing", x -> Pool.adaptiveAvgPool2d(x[0], a(5, 4)));
        c("adaptive_avg_pool1d", x -> Pool.adaptiveAvgPool1d(x[0], 4));
        for (String mode : List.of("constant", "reflect", "replicate", "circular")) {
            c("pad_2d_" + mode, x -> Pad.pad(x[0], a(1, 2, 2, 0), mode, 0));
            c("pad_1d_" + mode, x -> Pad.pad(x[0], a(2, 1), mode, 0));
        }
        c("pad_constant_value_crop", x -> Pad.pad(x[0], a(-1, 2, 1, 1), "constant", 0.5));
        c("interpolate_nearest_scale", x -> Interpolate.interpolate(x[0], null, new double[] {2}, "nearest", null));
        c("interpolate_nearest_size", x -> Interpolate.interpolate(x[0], a(5, 3), null, "nearest", null));
        c("interpolate_nearest_fractional",
                x -> Interpolate.interpolate(x[0], null, new double[] {1.7}, "nearest", null));
        c("interpolate_bilinear", x -> Interpolate.interpolate(x[0], a(5, 7), null, "bilinear", false));
        c("interpolate_bilinear_align", x -> Interpolate.interpolate(x[0], a(5, 7), null, "bilinear", true));
        c("interpolate_bilinear_down", x -> Interpolate.interpolate(x[0], null, new double[] {0.6}, "bilinear", null));
        c("interpolate_linear", x -> Interpolate.interpolate(x[0], a(7), null, "linear", null));
        c("interpolate_nearest_1d", x -> Interpolate.interpolate(x[0], null, new double[] {2.5}, "nearest", null));
        c("unfold", x -> Unfold.unfold(x[0], a(2, 3), a(1, 2), a(1), a(2, 1)));
        c("fold", x -> Unfold.fold(x[0], a(4, 5), a(2, 2), a(1), a(1, 0), a(1, 2)));
        // integer tensors
        c("cumsum_int", x -> x[0].cumsum(0));
        c("cumprod_int", x -> x[0].cumprod(0));
        c("prod_int_dim", x -> x[0].reshape(2, 3).prod(1, false));
        c("remainder_int", x -> x[0].remainder(x[1]));
        c("fmod_int", x -> x[0].fmod(x[1]));
        c("fmod_int_scalar", x -> x[0].fmod(-2));
        c("remainder_int_fractional_scalar", x -> x[0].remainder(2.5));
        c("mul_int_fractional_scalar", x -> x[0].mul(2.5));
        c("floor_int", x -> x[0].floor());
        c("round_int", x -> x[0].round());
        c("atan2_int", x -> x[0].atan2(x[1]));
        c("sort_int", x -> x[0].sort(-1, true));
        c("topk_int", x -> x[0].topk(2));
        c("median_int", x -> x[0].median());
        c("flip_int", x -> x[0].flip(0));
        c("masked_fill_int", x -> x[0].maskedFill(x[0].lt(0), 9));
        c("repeat_zero", x -> x[0].repeat(0, 2));
        c("quantile_all_keepdim", x -> x[0].quantile(0.3, null, true, "linear"));
        c("index_put_broadcast_indices", x -> x[0].indexPut(new Tensor[] {x[1], x[2]}, x[3]));
        // edge values: NaN, zeros, extreme arguments, windows at the border
        double nan = Double.NaN;
        c("edge_topk_nan", x -> x[0].topk(2));
        c("edge_sort_desc_nan", x -> x[0].sort(-1, true));
        c("edge_cumprod_two_zeros", x -> x[0].cumprod(0));
        c("edge_interp_bilinear_align_scale",
                x -> Interpolate.interpolate(x[0], null, new double[] {1.5}, "bilinear", true));
        c("edge_interp_nearest_down", x -> Interpolate.interpolate(x[0], null, new double[] {0.7}, "nearest", null));
        c("edge_interp_scale_tuple",
                x -> Interpolate.interpolate(x[0], null, new double[] {2, 0.5}, "bilinear", null));
        c("edge_interp_linear_align", x -> Interpolate.interpolate(x[0], a(5), null, "linear", true));
        c("edge_maxpool_ceil_pad", x -> Pool.maxPool2d(x[0], a(3), a(2), a(1), a(1), true));
        c("edge_avgpool_ceil_pad_exclude", x -> Pool.avgPool2d(x[0], a(2), a(2), a(1), true, false, null));
        c("edge_pad_reflect_max", x -> Pad.pad(x[0], a(3, 3), "reflect", 0));
        c("edge_pad_circular_full", x -> Pad.pad(x[0], a(4, 0, 0, 3), "circular", 0));
        c("edge_masked_fill_nan", x -> x[0].maskedFill(x[1], nan));
        c("edge_median_dim_even_ties", x -> x[0].median(0, false));
        c("edge_conv2d_same_dilation_even", x -> Conv.conv2d(x[0], x[1], null, a(1), "same", a(1, 3), 1));
        c("edge_round_big", x -> x[0].round());
        c("edge_logsigmoid_ext", x -> x[0].logSigmoid());
        c("edge_mish_ext", x -> x[0].mish());
        c("interpolate_bicubic", x -> Interpolate.interpolate(x[0], a(5, 7), null, "bicubic", false));
        c("interpolate_bicubic_align", x -> Interpolate.interpolate(x[0], a(6, 3), null, "bicubic", true));
        c("interpolate_bicubic_down", x -> Interpolate.interpolate(x[0], null, new double[] {0.6}, "bicubic", null));
        c("interpolate_nearest_exact",
                x -> Interpolate.interpolate(x[0], null, new double[] {1.7}, "nearest-exact", null));
        c("interpolate_area", x -> Interpolate.interpolate(x[0], a(3, 2), null, "area", null));
        c("interpolate_area_1d", x -> Interpolate.interpolate(x[0], null, new double[] {0.5}, "area", null));
        c("edge_maxpool_ceil_window_wider", x -> Pool.maxPool2d(x[0], a(3), a(2, 3), a(0), a(2), true));
        // more of PyTorch's functions: composites, products, bucketing, splits
        c("logaddexp", x -> x[0].logaddexp(x[1]));
        c("logaddexp_ties_inf", x -> x[0].logaddexp(x[1]));
        c("logaddexp2", x -> x[0].logaddexp2(x[1]));
        c("xlogy", x -> x[0].xlogy(x[1]));
        c("hypot", x -> x[0].hypot(x[1]));
        c("logit", x -> x[0].logit());
        c("logit_eps", x -> x[0].logit(0.1));
        c("frac", x -> x[0].frac());
        c("sinc", x -> x[0].sinc());
        c("deg2rad", x -> x[0].deg2rad());
        c("rad2deg", x -> x[0].rad2deg());
        c("heaviside", x -> x[0].heaviside(x[1]));
        c("signbit", x -> x[0].signbit());
        c("nansum_dim", x -> x[0].nansum(a(1), false));
        c("nanmean_all", x -> x[0].nanmean());
        c("nanmean_dim_keepdim", x -> x[0].nanmean(a(0), true));
        c("logcumsumexp", x -> x[0].logcumsumexp(1));
        c("logcumsumexp_spread", x -> x[0].logcumsumexp(0));
        c("logcumsumexp_long", x -> x[0].logcumsumexp(-1));
        c("kthvalue", x -> x[0].kthvalue(2, 1, false));
        c("kthvalue_ties_keepdim", x -> x[0].kthvalue(2, 0, true));
        c("mm", x -> x[0].mm(x[1]));
        c("mv", x -> x[0].mv(x[1]));
        c("addmm", x -> x[0].addmm(x[1], x[2], 0.5, -2));
        c("addmm_beta0_nan", x -> x[0].addmm(x[1], x[2], 0, 1));
        c("addmv", x -> x[0].addmv(x[1], x[2], 2, 0.5));
        c("baddbmm", x -> x[0].baddbmm(x[1], x[2], 0.25, 1.5));
        c("tensordot_2", x -> x[0].tensordot(x[1], 2));
        c("tensordot_dims", x -> x[0].tensordot(x[1], a(0, 2), a(2, 1)));
        c("hstack", x -> Tensor.hstack(List.of(x[0], x[1])));
        c("hstack_1d", x -> Tensor.hstack(List.of(x[0], x[1])));
        c("vstack", x -> Tensor.vstack(List.of(x[0], x[1])));
        c("dstack", x -> Tensor.dstack(List.of(x[0], x[1])));
        c("block_diag", x -> Tensor.blockDiag(List.of(x[0], x[1], x[2])));
        c("rot90", x -> x[0].rot90(1, 0, 1));
        c("rot90_neg_dims", x -> x[0].rot90(-1, 2, 0));
        c("rot90_twice", x -> x[0].rot90(2, 0, 1));
        c("fliplr", x -> x[0].fliplr());
        c("flipud", x -> x[0].flipud());
        c("swapaxes", x -> x[0].swapaxes(0, 2));
        c("tensor_split_sections", x -> x[0].tensorSplit(3, 1));
        c("tensor_split_indices", x -> x[0].tensorSplit(a(1, 5, 9), 0));
        c("searchsorted", x -> Tensor.searchsorted(x[0], x[1], false));
        c("searchsorted_right_rows", x -> Tensor.searchsorted(x[0], x[1], true));
        c("bucketize", x -> x[0].bucketize(x[1], false));
        c("bucketize_right", x -> x[0].bucketize(x[1], true));
        c("bincount", x -> x[0].bincount(null, 6));
        c("bincount_weights", x -> x[0].bincount(x[1], 0));
        c("histc", x -> x[0].histc(4, 0, 4));
        c("histc_data_range", x -> x[0].histc(4, 0, 0));
        // square linear algebra
        c("linalg_inv", x -> x[0].inverse());
        c("linalg_inv_batched", x -> Linalg.inv(x[0]));
        c("linalg_det", x -> x[0].det());
        c("linalg_det_batched_negative", x -> x[0].det());
        c("linalg_det_singular", x -> x[0].det().detach());
        c("linalg_slogdet_logabsdet", x -> x[0].slogdet().logabsdet());
        c("linalg_slogdet_sign", x -> x[0].slogdet().sign());
        c("linalg_solve", x -> Linalg.solve(x[0], x[1]));
        c("linalg_solve_vector", x -> Linalg.solve(x[0], x[1]));
        c("linalg_solve_broadcast", x -> Linalg.solve(x[0], x[1]));
        // special functions
        c("lgamma", x -> x[0].lgamma());
        c("digamma", x -> x[0].digamma());
        c("erfinv", x -> x[0].erfinv());
        c("erfinv_edges", x -> x[0].erfinv().detach());
        // inverse hyperbolic functions, NaN-ignoring extremes, statistics, windows
        c("asinh", x -> x[0].asinh());
        c("acosh", x -> x[0].acosh());
        c("acosh_below_one", x -> x[0].acosh().detach());
        c("atanh", x -> x[0].atanh());
        c("atanh_edges", x -> x[0].atanh().detach());
        c("copysign", x -> x[0].copysign(x[1]));
        c("fmax", x -> x[0].fmax(x[1]));
        c("fmin", x -> x[0].fmin(x[1]));
        c("fmax_broadcast", x -> x[0].fmax(x[1]));
        c("hardshrink", x -> x[0].hardshrink());
        c("hardshrink_lambda", x -> x[0].hardshrink(1.2));
        c("isposinf", x -> x[0].isposinf());
        c("isneginf", x -> x[0].isneginf());
        c("logdet", x -> x[0].logdet());
        c("logdet_signs", x -> x[0].logdet().detach());
        c("matrix_power_3", x -> x[0].matrixPower(3));
        c("matrix_power_0", x -> x[0].matrixPower(0));
        c("matrix_power_neg2", x -> x[0].matrixPower(-2));
        c("inner", x -> x[0].inner(x[1]));
        c("inner_vectors", x -> x[0].inner(x[1]));
        c("dist", x -> x[0].dist(x[1]));
        c("dist_p1", x -> x[0].dist(x[1], 1));
        c("cov", x -> x[0].cov());
        c("cov_vector_correction0", x -> x[0].cov(0));
        c("corrcoef", x -> x[0].corrcoef());
        c("take", x -> x[0].take(x[1]));
        c("argwhere", x -> x[0].argwhere());
        c("tensor_unfold", x -> x[0].unfold(1, 3, 2));
        c("unfold_overlap_dim0", x -> x[0].unfold(0, 4, 1));
        c("unfold_whole", x -> x[0].unfold(-1, 5, 3));
        c("hsplit", x -> x[0].hsplit(2).get(1));
        c("vsplit", x -> x[0].vsplit(3).get(2));
        c("dsplit", x -> x[0].dsplit(2).get(0));
        c("take_negative", x -> x[0].take(x[1]));
        c("cov_int", x -> x[0].cov());
        c("tensor_unfold_scalar", x -> x[0].unfold(0, 1, 1));
        // copies with a part replaced, scatter_reduce, bitwise ops, erfc, diagonals, pairs, integrals
        c("erfc", x -> x[0].erfc());
        c("scatter_reduce_sum", x -> x[0].scatterReduce(1, x[2], x[1], "sum"));
        c("scatter_reduce_sum_exclude", x -> x[0].scatterReduce(1, x[2], x[1], "sum", false));
        c("scatter_reduce_mean", x -> x[0].scatterReduce(0, x[2], x[1], "mean"));
        c("scatter_reduce_mean_exclude", x -> x[0].scatterReduce(0, x[2], x[1], "mean", false));
        c("scatter_reduce_amax_ties", x -> x[0].scatterReduce(1, x[2], x[1], "amax"));
        c("scatter_reduce_amin_exclude", x -> x[0].scatterReduce(1, x[2], x[1], "amin", false));
        c("scatter_reduce_prod_zeros", x -> x[0].scatterReduce(1, x[2], x[1], "prod"));
        c("scatter_reduce_prod_exclude", x -> x[0].scatterReduce(0, x[2], x[1], "prod", false));
        c("scatter_reduce_int_mean", x -> x[0].scatterReduce(0, x[2], x[1], "mean"));
        c("index_copy", x -> x[0].indexCopy(1, x[2], x[1]));
        c("masked_scatter", x -> x[0].maskedScatter(x[1], x[2]));
        c("masked_scatter_broadcast", x -> x[0].maskedScatter(x[1], x[2]));
        c("slice_scatter", x -> x[0].sliceScatter(x[1], 1, 1, 6, 2));
        c("select_scatter", x -> x[0].selectScatter(x[1], 0, -1));
        c("diagonal_scatter", x -> x[0].diagonalScatter(x[1], 1, 0, 1));
        c("diagonal_scatter_dims", x -> x[0].diagonalScatter(x[1], -1, 2, 0));
        c("diag_embed", x -> x[0].diagEmbed());
        c("diag_embed_offset_dims", x -> x[0].diagEmbed(1, 0, 2));
        c("diagflat", x -> x[0].diagflat(-1));
        c("bitwise_and", x -> x[0].bitwiseAnd(x[1]));
        c("bitwise_or_broadcast", x -> x[0].bitwiseOr(x[1]));
        c("bitwise_xor_bool", x -> x[0].bitwiseXor(x[1]));
        c("bitwise_and_bool_int", x -> x[0].bitwiseAnd(x[1]));
        c("bitwise_not", x -> x[0].bitwiseNot());
        c("bitwise_not_bool", x -> x[0].bitwiseNot());
        c("bitwise_left_shift", x -> x[0].bitwiseLeftShift(x[1]));
        c("bitwise_right_shift", x -> x[0].bitwiseRightShift(x[1]));
        c("bitwise_and_scalar", x -> x[0].bitwiseAnd(6));
        c("addr", x -> x[0].addr(x[1], x[2], 0.5, 2));
        c("addbmm", x -> x[0].addbmm(x[1], x[2]));
        c("float_power", x -> x[0].floatPower(2.5).to(x[0].dtype())); // float64, compared in the test's type
        c("float_power_tensor", x -> x[0].floatPower(x[1]).to(x[0].dtype()));
        c("trapezoid", x -> x[0].trapezoid(0.5, 1));
        c("trapezoid_points", x -> x[0].trapezoid(x[1], -1));
        c("cumulative_trapezoid", x -> x[0].cumulativeTrapezoid(1, 0));
        c("cumulative_trapezoid_points", x -> x[0].cumulativeTrapezoid(x[1], 1));
        c("renorm", x -> x[0].renorm(2, 0, 1.0));
        c("renorm_p1_dim1", x -> x[0].renorm(1, 1, 1.5));
        c("pdist", x -> x[0].pdist());
        c("pdist_p1", x -> x[0].pdist(1));
        c("aminmax", x -> x[0].aminmax());
        c("aminmax_dim", x -> x[0].aminmax(1, true));
        c("tril_indices", x -> Tensor.trilIndices(3, 4, 1));
        c("triu_indices", x -> Tensor.triuIndices(4, 3, -1));
        c("cartesian_prod", x -> Tensor.cartesianProd(x[0], x[1]));
        c("combinations", x -> Tensor.combinations(x[0]));
        c("combinations_replacement", x -> Tensor.combinations(x[0], 3, true));
        c("vander", x -> Tensor.vander(x[0]));
        c("vander_increasing", x -> Tensor.vander(x[0], 3, true));
        c("nanmedian_dim", x -> x[0].nanmedian(1, false));
        c("nanmedian_all", x -> x[0].nanmedian());
        c("mode", x -> x[0].mode(1, false));
        c("mode_dim0_keepdim", x -> x[0].mode(0, true));
        c("unique_inverse_counts", x -> x[0].unique(true, true));
        c("unique_int_counts", x -> x[0].unique(false, true));
        c("unique_consecutive", x -> x[0].uniqueConsecutive(true, true));
        c("unique_consecutive_values", x -> x[0].uniqueConsecutive());
        c("xlogy_edges", x -> x[0].xlogy(x[1]));
        c("xlogy_broadcast", x -> x[0].xlogy(x[1]));
        c("ndtr", x -> x[0].ndtr());
        c("ndtri", x -> x[0].ndtri());
        c("log_ndtr", x -> x[0].logNdtr());
        c("xlog1py", x -> x[0].xlog1py(x[1]));
        c("entr", x -> x[0].entr());
        c("entr_edges", x -> x[0].entr().detach());
        c("gcd", x -> x[0].gcd(x[1]));
        c("lcm_broadcast", x -> x[0].lcm(x[1]));
        c("atleast_3d", x -> Tensor.atleast3d(x[0]));
        c("column_stack", x -> Tensor.columnStack(List.of(x[0], x[1], x[2])));
        c("multi_dot", x -> Tensor.multiDot(List.of(x[0], x[1], x[2], x[3])));
        c("linalg_svdvals", x -> x[0].svdvals());
        c("linalg_svdvals_wide", x -> x[0].svdvals());
        c("linalg_matrix_norm_fro", x -> x[0].matrixNorm("fro"));
        c("linalg_matrix_norm_nuc", x -> x[0].matrixNorm("nuc"));
        c("linalg_matrix_norm_2", x -> x[0].matrixNorm(2));
        c("linalg_matrix_norm_1", x -> x[0].matrixNorm(1));
        c("linalg_matrix_norm_neg_inf", x -> x[0].matrixNorm(Double.NEGATIVE_INFINITY));
        c("linalg_matrix_rank", x -> x[0].matrixRank());
        c("linalg_cond", x -> x[0].cond());
        c("bilinear", x -> Tensor.bilinear(x[0], x[1], x[2], x[3]));
        c("bilinear_no_bias", x -> Tensor.bilinear(x[0], x[1], x[2], null));
        c("embedding_bag_mean_offsets", x -> EmbeddingBag.apply(x[0], x[1], x[2], "mean", null, false, null));
        c("embedding_bag_sum_weights", x -> EmbeddingBag.apply(x[0], x[1], x[2], "sum", x[3], false, null));
        c("embedding_bag_max_2d", x -> EmbeddingBag.apply(x[0], x[1], null, "max", null, false, null));
        c("affine_grid", x -> GridSample.affineGrid(x[0], a(2, 1, 3, 4), false));
        c("grid_sample_bilinear", x -> GridSample.gridSample(x[0], x[1], "bilinear", "zeros", false));
        c("grid_sample_bilinear_border_aligned", x -> GridSample.gridSample(x[0], x[1], "bilinear", "border", true));
        c("grid_sample_nearest", x -> GridSample.gridSample(x[0], x[1], "nearest", "zeros", false));
        c("affine_grid_sample", x -> GridSample.gridSample(x[0], GridSample.affineGrid(x[1], a(2, 3, 4, 4), false),
                "bilinear", "zeros", false));
        c("embedding_bag_padding_last_offset", x -> EmbeddingBag.apply(x[0], x[1], x[2], "mean", null, true, 2));
        // decompositions: Cholesky, triangular solves, QR, symmetric eigenproblems
        c("linalg_cholesky", x -> x[0].matmul(x[0].mT()).add(Tensor.eye(3).mul(0.5)).cholesky());
        c("linalg_solve_triangular_upper", x -> x[0].solveTriangular(x[1], true));
        c("linalg_solve_triangular_lower_unit", x -> x[0].solveTriangular(x[1], false, true));
        c("linalg_qr_q", x -> x[0].qr().q());
        c("linalg_qr_r", x -> x[0].qr().r());
        c("linalg_qr_wide_q", x -> x[0].qr().q());
        c("linalg_qr_wide_r", x -> x[0].qr().r());
        c("linalg_qr_square_batched", x -> x[0].qr().r());
        c("linalg_eigvalsh", x -> x[0].add(x[0].mT()).eigvalsh());
        c("linalg_eigh_vectors_squared", x -> x[0].add(x[0].mT()).eigh().eigenvectors().square());
        c("linalg_eigh_lower_triangle", x -> {
            var lv = x[0].eigh();
            return lv.eigenvectors().matmul(lv.eigenvalues().diagEmbed()).matmul(lv.eigenvectors().mT());
        });
    }

    private static synchronized Map<String, Tensor> fixture() throws Exception {
        if (fixture == null) {
            Safetensors.Contents contents = Safetensors.read(
                    Path.of(TorchOpsTest.class.getResource("torch_ops.safetensors").toURI()));
            fixture = contents.tensors();
            fixtureCases = List.of(contents.metadata().get("cases").split(","));
        }
        return fixture;
    }

    static Stream<Arguments> cases() throws Exception {
        fixture();
        return fixtureCases.stream().flatMap(n -> Stream.of(Arguments.of(n, "ref"), Arguments.of(n, "cpu")));
    }

    @Test
    void everyFixtureCaseHasItsNablaCallAndBack() throws Exception {
        fixture();
        assertEquals(List.copyOf(CASES.keySet()), fixtureCases, "the cases of TorchOpsTest and of make_torch_ops_fixture.py");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void matchesPyTorch(String name, String backendName) throws Exception {
        Backend b = Backends.byName(backendName);
        boolean exact = b == Backends.REF;
        double atol = exact ? 1e-6 : 1e-5;
        double rtol = 1e-5;
        Map<String, Tensor> f = fixture();
        Function<Tensor[], Object> call = CASES.get(name);
        assertNotNull(call, name + ": no Nabla call for this fixture case");
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; f.containsKey(name + ".x" + i); i++) {
            Tensor x = f.get(name + ".x" + i).to(b);
            inputs.add(x.dtype().isFloatingPoint() ? x.to(b.floatType()).requiresGrad(true) : x);
        }
        Tensor[] x = inputs.toArray(Tensor[]::new);
        List<Tensor> ys = Parity.onBackend(b, () -> results(call.apply(x)));
        for (int i = 0; i < ys.size(); i++) {
            Tensor expected = f.get(name + ".y" + i);
            assertNotNull(expected, name + ": Nabla gives more results than PyTorch");
            Tensor actual = ys.get(i);
            assertEquals(expected.dtype().isFloatingPoint() ? b.floatType() : expected.dtype(), actual.dtype(),
                    name + " on " + backendName + ", result " + i + ": dtype (PyTorch's is " + expected.dtype() + ")");
            boolean isIndex = expected.dtype() == DType.INT64;
            Parity.assertClose(name + " on " + backendName + ", result " + i, expected, actual,
                    isIndex ? 0 : atol, isIndex ? 0 : rtol);
        }
        assertTrue(!f.containsKey(name + ".y" + ys.size()), name + ": PyTorch gives more results than Nabla");
        boolean torchGrads = f.keySet().stream().anyMatch(k -> k.startsWith(name + ".g"));
        if (!torchGrads) {
            return;
        }
        Tensor y = ys.get(0);
        if (!y.requiresGrad()) {
            fail(name + " on " + backendName + ": PyTorch differentiates this op, Nabla's result has no gradient");
        }
        Parity.onBackend(b, () -> {
            y.mul(f.get(name + ".w").to(b).to(y.dtype())).sum().backward();
            return null;
        });
        for (int i = 0; i < x.length; i++) {
            Tensor expected = f.get(name + ".g" + i);
            if (expected == null) {
                continue;
            }
            Tensor g = x[i].grad() != null ? x[i].grad() : Tensor.zerosLike(x[i]);
            Parity.assertClose(name + " on " + backendName + ", gradient of input " + i + " " + Arrays.toString(x[i].shape()),
                    expected, g, atol, rtol);
        }
    }

    private static List<Tensor> results(Object r) {
        if (r instanceof List<?> parts) { // tensorSplit
            return parts.stream().map(Tensor.class::cast).toList();
        }
        if (r instanceof MinMax mm) {
            return List.of(mm.min(), mm.max());
        }
        if (r instanceof Unique u) {
            return Stream.of(u.values(), u.inverse(), u.counts()).filter(java.util.Objects::nonNull).toList();
        }
        return r instanceof ValuesIndices vi ? List.of(vi.values(), vi.indices()) : List.of((Tensor) r);
    }
}
