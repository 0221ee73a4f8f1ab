/**
 * Reading and writing files: a strict {@link dev.nabla.io.Json} reader and writer, crash-safe
 * {@link dev.nabla.io.AtomicFiles} writes, {@link dev.nabla.io.Safetensors} and NumPy's
 * {@link dev.nabla.io.Npy} and {@link dev.nabla.io.Npz}.
 *
 * <p>Two rules hold for every format here. Writers never leave a half-written file where a good
 * one was: a save goes to a temporary file that is flushed, synced and then renamed over the
 * target. Readers trust nothing in a file: every length, offset and shape is checked against the
 * bytes that are really there before anything is allocated, nothing in a file is ever executed,
 * and any bad input is reported as a {@link dev.nabla.io.FormatException} that says what is wrong.
 * A reader returns everything or throws; it never returns part of a file.
 */
package dev.nabla.io;
