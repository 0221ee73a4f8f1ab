/**
 * Feeding data to models: {@link dev.nabla.data.Dataset} and {@link dev.nabla.data.TensorDataset},
 * the {@link dev.nabla.data.DataLoader} that batches, shuffles (seeded) and prefetches them,
 * seeded train/validation/test {@link dev.nabla.data.Splits} (stratified on request), and the
 * {@link dev.nabla.data.WindowSampler} of random token windows for language models.
 *
 * <p>CSV files are read by {@link dev.nabla.data.csv.CsvReader}; features are scaled and
 * categories encoded by {@link dev.nabla.data.preprocessing}; the built-in datasets (California
 * housing, MNIST, scikit-learn digits, tiny Shakespeare) are in {@link dev.nabla.data.datasets}.
 */
package dev.nabla.data;
