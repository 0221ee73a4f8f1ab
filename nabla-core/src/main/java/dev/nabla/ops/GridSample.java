package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Spatial transformers' sampling, as {@code F.affine_grid} and {@code F.grid_sample} (2-D):
 * {@code grid [N, Ho, Wo, 2]} holds (x, y) in [-1, 1] (the corners' centres with
 * {@code alignCorners}, else the corners' outer edges); each output point is the bilinear blend
 * of the four pixels around it ({@code "bilinear"}) or the nearest pixel ({@code "nearest"}, ties
 * to even), pixels outside the input reading 0 ({@code "zeros"}) or the nearest edge pixel
 * ({@code "border"}). Composed of gathers, so gradients reach the input and (bilinear) the grid.
 */
public final class GridSample {
    private GridSample() {
    }

    /** The sampling grid {@code [N, H, W, 2]} of the affine maps {@code theta [N, 2, 3]} for an output {@code [N, C, H, W]}. */
    public static Tensor affineGrid(Tensor theta, int[] size, boolean alignCorners) {
        if (theta.dim() != 3 || theta.size(1) != 2 || theta.size(2) != 3 || size.length != 4 || size[0] != theta.size(0)) {
            throw new IllegalArgumentException("affineGrid: expected theta [N, 2, 3] and size [N, C, H, W], got "
                    + Shape.str(theta.shape()) + " and " + Shape.str(size));
        }
        int h = size[2];
        int w = size[3];
        Tensor xs = coordinates(theta, w, alignCorners).reshape(1, w).expand(h, w);
        Tensor ys = coordinates(theta, h, alignCorners).reshape(h, 1).expand(h, w);
        Tensor base = Tensor.stack(List.of(xs, ys, theta.newOnes(h, w)), 2).reshape(1, h * w, 3);
        return base.matmul(theta.mT()).reshape(theta.size(0), h, w, 2);
    }

    /** See the class comment; output {@code [N, C, Ho, Wo]}. */
    public static Tensor gridSample(Tensor x, Tensor grid, String mode, String paddingMode, boolean alignCorners) {
        if (x.dim() != 4 || grid.dim() != 4 || grid.size(3) != 2 || grid.size(0) != x.size(0)) {
            throw new IllegalArgumentException("gridSample: expected input [N, C, H, W] and grid [N, Ho, Wo, 2], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(grid.shape()));
        }
        if (!mode.equals("bilinear") && !mode.equals("nearest") || !paddingMode.equals("zeros") && !paddingMode.equals("border")) {
            throw new IllegalArgumentException("gridSample: mode must be bilinear or nearest and padding_mode zeros or border, "
                    + "got " + mode + " and " + paddingMode);
        }
        OpSupport.sameBackend("gridSample", x, grid);
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int points = grid.size(1) * grid.size(2);
        Tensor g = grid.to(x.dtype()).reshape(n, points, 2);
        Tensor ix = pixel(g.select(2, 0), w, alignCorners, paddingMode);
        Tensor iy = pixel(g.select(2, 1), h, alignCorners, paddingMode);
        Tensor flat = x.reshape(n, c, h * w);
        Tensor out;
        if (mode.equals("nearest")) {
            out = corner(flat, ix.round(), iy.round(), h, w, null);
        } else {
            Tensor x0 = ix.floor();
            Tensor y0 = iy.floor();
            Tensor wx = ix.sub(x0);
            Tensor wy = iy.sub(y0);
            out = corner(flat, x0, y0, h, w, wx.rsub(1).mul(wy.rsub(1)))
                    .add(corner(flat, x0.add(1), y0, h, w, wx.mul(wy.rsub(1))))
                    .add(corner(flat, x0, y0.add(1), h, w, wx.rsub(1).mul(wy)))
                    .add(corner(flat, x0.add(1), y0.add(1), h, w, wx.mul(wy)));
        }
        return out.reshape(n, c, grid.size(1), grid.size(2));
    }

    /** The normalized coordinates of {@code n} pixels along one dim, as affineGrid places them. */
    private static Tensor coordinates(Tensor like, int n, boolean alignCorners) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? 0 : alignCorners ? -1 + 2.0 * i / (n - 1) : (2.0 * i + 1) / n - 1;
        }
        return like.newTensor(v, n);
    }

    /** Normalized coordinates {@code [N, P]} to pixel ones; clamped to the edge with border padding. */
    private static Tensor pixel(Tensor coord, int size, boolean alignCorners, String paddingMode) {
        Tensor p = alignCorners ? coord.add(1).mul((size - 1) / 2.0) : coord.add(1).mul(size).sub(1).mul(0.5);
        return paddingMode.equals("border") ? p.clamp(0, size - 1) : p;
    }

    /** The pixels at {@code (xi, yi)} ({@code [N, P]}, integral), times {@code weight}, 0 outside: {@code [N, C, P]}. */
    private static Tensor corner(Tensor flat, Tensor xi, Tensor yi, int h, int w, Tensor weight) {
        Tensor inside = xi.ge(0).logicalAnd(xi.le(w - 1)).logicalAnd(yi.ge(0)).logicalAnd(yi.le(h - 1));
        Tensor index = yi.clamp(0, h - 1).mul(w).add(xi.clamp(0, w - 1)).to(DType.INT64);
        Tensor values = flat.gather(2, index.unsqueeze(1).expand(flat.size(0), flat.size(1), index.size(1)));
        Tensor scale = weight == null ? inside.to(flat.dtype()) : Tensor.where(inside, weight, 0);
        return values.mul(scale.unsqueeze(1));
    }
}
