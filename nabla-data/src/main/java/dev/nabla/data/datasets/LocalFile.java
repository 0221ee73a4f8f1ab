package dev.nabla.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A verified dataset file on disk.
 *
 * @param spec which published file it is
 * @param path where it is
 */
public record LocalFile(RemoteFile spec, Path path) {

    /** Opens its content (decompressed or extracted as {@link RemoteFile#packing()} says). */
    public InputStream open() throws IOException {
        return spec.openContent(path);
    }
}
