package dev.nabla.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** One download, written atomically: temp file in the target's directory, fsync, verify, rename. */
final class Download {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Download() {
    }

    static void to(URI url, Path target, RemoteFile spec) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        try {
            System.err.println("nabla: downloading " + url + " to " + target);
            fetch(url, tmp);
            String mismatch = spec.mismatch(tmp);
            if (mismatch != null) {
                throw new DatasetException(mismatch + "; the download was refused and nothing was saved");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void fetch(URI url, Path tmp) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("User-Agent", "nabla (Java dataset loader)").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body();
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            out.force(true);
        } finally {
            client.close();
        }
    }

    /** Makes the rename durable; not every file system allows opening a directory, so best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the file itself is synced; losing the rename on power failure only means a re-download
        }
    }
}
