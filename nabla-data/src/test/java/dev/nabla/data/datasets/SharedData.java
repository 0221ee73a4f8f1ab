package dev.nabla.data.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's offline dataset copies, {@code ../shared/datasets} (surefire passes {@code nabla.shared}). */
final class SharedData {
    private SharedData() {
    }

    static Path dir() {
        String shared = System.getProperty("nabla.shared");
        Path p = shared != null ? Path.of(shared, "datasets") : Path.of("..", "..", "shared", "datasets");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared datasets are not at " + p.toAbsolutePath()
                    + "; run the tests through Maven from the project root");
        }
        return p;
    }

    /** A store over the shared copies that never downloads. */
    static DataStore store() {
        return new DataStore(dir(), false);
    }
}
