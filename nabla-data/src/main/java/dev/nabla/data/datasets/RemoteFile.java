package dev.nabla.data.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * A dataset file as published: its file name, where to download it (mirrors in order), and how
 * to check it. A file is accepted if the SHA-256 of its bytes equals {@code sha256}, or the
 * SHA-256 of its content (gunzipped, or one archive member) equals {@code contentSha256}; either
 * may be null. Checking the content accepts a re-compressed copy of the same data (see
 * {@code ../shared/datasets/README.md} on MNIST).
 *
 * @param fileName the name on disk, in the cache or in a {@code NABLA_DATA} directory
 * @param urls the canonical source first, then mirrors; empty if it cannot be downloaded
 * @param sha256 the digest of the file's bytes, or null
 * @param packing how the content is stored in the file
 * @param contentSha256 the digest of the content, or null
 */
public record RemoteFile(String fileName, List<URI> urls, String sha256, Packing packing, String contentSha256) {

    public RemoteFile {
        Objects.requireNonNull(fileName, "fileName");
        urls = List.copyOf(urls);
        Objects.requireNonNull(packing, "packing");
        if (sha256 == null && contentSha256 == null) {
            throw new IllegalArgumentException("RemoteFile " + fileName + ": needs a sha256 or a contentSha256");
        }
    }

    /** A plain file checked by the digest of its bytes. */
    public static RemoteFile plain(String fileName, String sha256, String... urls) {
        return new RemoteFile(fileName, uris(urls), sha256, Packing.NONE, null);
    }

    static List<URI> uris(String... urls) {
        return java.util.Arrays.stream(urls).map(URI::create).toList();
    }

    /** How a file holds its content. */
    public sealed interface Packing {
        /** The file is the content. */
        Packing NONE = new None();

        /** The file is gzip-compressed content. */
        static Packing gzip() {
            return new Gzip();
        }

        /** The content is one member of a gzip-compressed tar archive. */
        static Packing tarGz(String member) {
            return new TarGz(member);
        }
    }

    record None() implements Packing {
    }

    record Gzip() implements Packing {
    }

    record TarGz(String member) implements Packing {
    }

    /** Opens the content of {@code file} (decompressed or extracted as the packing says). */
    public InputStream openContent(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return switch (packing) {
                case None n -> raw;
                case Gzip g -> new GZIPInputStream(raw, 1 << 16);
                case TarGz t -> Tar.member(new GZIPInputStream(raw, 1 << 16), t.member(), fileName);
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Null if {@code file} passes the checksum, else a sentence saying what was found. */
    String mismatch(Path file) throws IOException {
        String actual = null;
        if (sha256 != null) {
            try (InputStream in = Files.newInputStream(file)) {
                actual = Sha256.of(in);
            }
            if (actual.equals(sha256)) {
                return null;
            }
        }
        String content = null;
        if (contentSha256 != null) {
            try (InputStream in = openContent(file)) {
                content = Sha256.of(in);
            } catch (IOException e) {
                content = "unreadable (" + e.getMessage() + ")";
            }
            if (content.equals(contentSha256)) {
                return null;
            }
        }
        StringBuilder sb = new StringBuilder("SHA-256 mismatch for " + fileName + ":");
        if (sha256 != null) {
            sb.append(" file ").append(actual).append(" (expected ").append(sha256).append(')');
        }
        if (contentSha256 != null) {
            sb.append(sha256 != null ? ";" : "").append(" content ").append(content)
                    .append(" (expected ").append(contentSha256).append(')');
        }
        return sb.toString();
    }
}
