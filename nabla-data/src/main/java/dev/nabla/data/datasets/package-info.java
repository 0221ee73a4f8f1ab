/**
 * Built-in datasets: {@link dev.nabla.data.datasets.CaliforniaHousing},
 * {@link dev.nabla.data.datasets.Mnist} (the 10 000-image test set),
 * {@link dev.nabla.data.datasets.Digits} and {@link dev.nabla.data.datasets.TinyShakespeare}.
 *
 * <p>Each loader knows its file's canonical public source and SHA-256. Files are looked up in a
 * {@link dev.nabla.data.datasets.DataStore}: the directory {@code NABLA_DATA} (system property
 * {@code nabla.data}) if set, laid out like {@code ../shared/datasets}; else the cache
 * {@code ~/.cache/nabla/datasets} ({@code NABLA_CACHE}/{@code nabla.cache} moves it). A missing
 * file is downloaded once, verified and renamed into place atomically; with
 * {@code NABLA_OFFLINE=1} (or without a network) the error message says which file to put where.
 * Each loader also offers the fixed split of the benchmark workloads ({@code benchmarkSplit()}).
 */
package dev.nabla.data.datasets;
