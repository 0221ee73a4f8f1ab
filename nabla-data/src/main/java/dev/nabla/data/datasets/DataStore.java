package dev.nabla.data.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where built-in datasets live on disk, and how missing ones are fetched.
 *
 * <p>{@link #fromEnvironment()} uses, in this order: the directory named by the system property
 * {@code nabla.data} or the environment variable {@code NABLA_DATA} (a directory laid out like
 * {@code ../shared/datasets}: the published file names, extracted files or original archives);
 * else {@code <cache>/datasets}, where {@code <cache>} is {@code nabla.cache} /
 * {@code NABLA_CACHE} or {@code ~/.cache/nabla}. Downloads are on unless {@code nabla.offline} /
 * {@code NABLA_OFFLINE} is set to anything but {@code 0} or {@code false}.
 *
 * <p>{@link #fetch} looks for the file in the directory and verifies its SHA-256; if it is
 * missing it downloads it once (announcing the download on standard error), writing a temporary
 * file, syncing it to disk, verifying it and only then renaming it into place, so an interrupted
 * or corrupt download never leaves a file that looks complete. Nothing else touches the network.
 */
public final class DataStore {
    private final Path directory;
    private final boolean downloads;
    private final String origin;

    /** A store in {@code directory}, downloading missing files if {@code downloads}. */
    public DataStore(Path directory, boolean downloads) {
        this(directory, downloads, "data directory");
    }

    private DataStore(Path directory, boolean downloads, String origin) {
        this.directory = directory.toAbsolutePath().normalize();
        this.downloads = downloads;
        this.origin = origin;
    }

    /** The store the settings described in the class comment select. */
    public static DataStore fromEnvironment() {
        boolean online = !truthy(setting("nabla.offline", "NABLA_OFFLINE"));
        String data = setting("nabla.data", "NABLA_DATA");
        if (data != null && !data.isBlank()) {
            return new DataStore(Path.of(data), online, "NABLA_DATA");
        }
        String cache = setting("nabla.cache", "NABLA_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "nabla");
        return new DataStore(root.resolve("datasets"), online, "cache");
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }

    private static boolean truthy(String v) {
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** The directory searched, and written by downloads. */
    public Path directory() {
        return directory;
    }

    /** Whether missing files are downloaded. */
    public boolean downloads() {
        return downloads;
    }

    /**
     * The first of {@code alternatives} (e.g. an extracted file, then the archive it comes in) that
     * is in the directory, verified; or else the first that downloads and verifies.
     *
     * @param dataset the dataset's name, for messages
     * @throws DatasetException if none is present and none can be downloaded, or a file present
     *     fails its checksum; the message says what to do
     */
    public LocalFile fetch(String dataset, RemoteFile... alternatives) {
        for (RemoteFile f : alternatives) {
            Path p = directory.resolve(f.fileName());
            if (Files.isRegularFile(p)) {
                verifyPresent(dataset, f, p);
                return new LocalFile(f, p);
            }
        }
        if (!downloads) {
            throw new DatasetException(notFound(dataset, alternatives) + " and downloads are off (NABLA_OFFLINE). "
                    + howToFix(alternatives));
        }
        List<String> failures = new ArrayList<>();
        for (RemoteFile f : alternatives) {
            for (var url : f.urls()) {
                Path target = directory.resolve(f.fileName());
                try {
                    Download.to(url, target, f);
                    return new LocalFile(f, target);
                } catch (DatasetException e) {
                    failures.add(url + ": " + e.getMessage());
                } catch (IOException e) {
                    failures.add(url + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                }
            }
        }
        throw new DatasetException(notFound(dataset, alternatives) + " and downloading failed ("
                + String.join("; ", failures) + "). " + howToFix(alternatives));
    }

    private void verifyPresent(String dataset, RemoteFile f, Path p) {
        String mismatch;
        try {
            mismatch = f.mismatch(p);
        } catch (IOException e) {
            throw new DatasetException(dataset + ": cannot read " + p + ": " + e.getMessage(), e);
        }
        if (mismatch != null) {
            throw new DatasetException(dataset + ": " + p + " is not the published file. " + mismatch
                    + ". Delete it" + (f.urls().isEmpty() ? "" : " (it is downloaded again from " + f.urls().get(0) + ")")
                    + " or replace it with the published file.");
        }
    }

    private String notFound(String dataset, RemoteFile... alternatives) {
        String names = java.util.Arrays.stream(alternatives).map(RemoteFile::fileName).collect(Collectors.joining(" or "));
        return dataset + ": " + names + " is not in " + directory + " (" + origin + "),";
    }

    private String howToFix(RemoteFile... alternatives) {
        String names = java.util.Arrays.stream(alternatives).map(RemoteFile::fileName).collect(Collectors.joining(" or "));
        StringBuilder sb = new StringBuilder("To fix: set NABLA_DATA to a directory holding " + names
                + " (such as ../shared/datasets)");
        for (RemoteFile f : alternatives) {
            if (!f.urls().isEmpty()) {
                sb.append(", or download ").append(f.urls().get(0)).append(" and save it as ")
                        .append(directory.resolve(f.fileName()));
                break;
            }
        }
        return sb.append('.').toString();
    }

    @Override
    public String toString() {
        return "DataStore(" + directory + ", " + origin + (downloads ? "" : ", offline") + ")";
    }
}
