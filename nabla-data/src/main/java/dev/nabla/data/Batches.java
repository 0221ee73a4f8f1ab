package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The batches of one epoch, made on demand in the thread that calls {@link #next()}. */
final class Batches implements Iterator<Batch> {
    private final Dataset dataset;
    private final Tensor order;
    private final int batchSize;
    private final int count;
    private int next;

    /** {@code order} is the epoch's permutation (INT64 {@code [N]}), or null for dataset order. */
    Batches(Dataset dataset, Tensor order, int batchSize, int count) {
        this.dataset = dataset;
        this.order = order;
        this.batchSize = batchSize;
        this.count = count;
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: the epoch has ended");
        }
        int start = next * batchSize;
        int length = Math.min(batchSize, dataset.size() - start);
        next++;
        if (dataset instanceof TensorDataset td) {
            return order == null ? td.batch(start, length) : td.batch(order.narrow(0, start, length));
        }
        long[] idx = order == null ? null : order.narrow(0, start, length).toLongArray();
        List<Tensor> xs = new ArrayList<>(length);
        List<Tensor> ys = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            Example e = dataset.get(idx == null ? start + i : (int) idx[i]);
            xs.add(e.x());
            ys.add(e.y());
        }
        return new Batch(Tensor.stack(xs, 0), Tensor.stack(ys, 0));
    }
}
