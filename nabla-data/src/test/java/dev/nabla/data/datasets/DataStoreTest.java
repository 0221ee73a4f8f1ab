package dev.nabla.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.nabla.data.TabularData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup, verification, the offline message, and downloads from a server on 127.0.0.1 (never the internet). */
class DataStoreTest {
    static final byte[] BODY = "hello, dataset\n".getBytes(StandardCharsets.US_ASCII);
    static final String BODY_SHA = Sha256.of(BODY);

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    /** Serves {@code body} at {@code /file}; returns the URL. */
    String serve(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/missing", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsOnceVerifiesAndThenWorksOffline() throws IOException {
        String base = serve(BODY);
        RemoteFile f = RemoteFile.plain("greeting.txt", BODY_SHA, base + "/missing", base + "/file");
        DataStore store = new DataStore(dir.resolve("cache"), true);
        LocalFile got = store.fetch("greeting", f);
        assertEquals(dir.resolve("cache").resolve("greeting.txt"), got.path());
        assertArrayEquals(BODY, Files.readAllBytes(got.path()));
        assertEquals(2, requests.get(), "the 404 mirror, then the working one");
        assertEquals(List.of("greeting.txt"), listing(), "no temporary files left");
        store.fetch("greeting", f);
        new DataStore(dir.resolve("cache"), false).fetch("greeting", f);
        assertEquals(2, requests.get(), "cached: no second download");
    }

    @Test
    void checksumMismatchIsRefusedAndNothingIsLeftBehind() throws IOException {
        String base = serve("tampered\n".getBytes(StandardCharsets.US_ASCII));
        RemoteFile f = RemoteFile.plain("greeting.txt", BODY_SHA, base + "/file");
        DatasetException e = assertThrows(DatasetException.class,
                () -> new DataStore(dir.resolve("cache"), true).fetch("greeting", f));
        assertTrue(e.getMessage().contains("SHA-256 mismatch for greeting.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("refused and nothing was saved"), e.getMessage());
        assertTrue(e.getMessage().contains("To fix: set NABLA_DATA"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void anUnreachableServerFailsWithTheFixInTheMessage() throws IOException {
        String base = serve(BODY);
        server.stop(0);
        server = null;
        RemoteFile f = RemoteFile.plain("greeting.txt", BODY_SHA, base + "/file");
        DatasetException e = assertThrows(DatasetException.class,
                () -> new DataStore(dir.resolve("cache"), true).fetch("greeting", f));
        assertTrue(e.getMessage().startsWith("greeting: greeting.txt is not in "), e.getMessage());
        assertTrue(e.getMessage().contains("downloading failed (" + base + "/file: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("or download " + base + "/file and save it as "
                + dir.resolve("cache").resolve("greeting.txt").toAbsolutePath() + "."), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void gzipContentChecksumAcceptsAnyCompressionOfTheSameData() throws IOException {
        byte[] gz = gzip(BODY);
        String base = serve(gz);
        RemoteFile f = new RemoteFile("greeting.txt.gz", RemoteFile.uris(base + "/file"), null,
                RemoteFile.Packing.gzip(), BODY_SHA);
        LocalFile got = new DataStore(dir.resolve("cache"), true).fetch("greeting", f);
        try (var in = got.open()) {
            assertArrayEquals(BODY, in.readAllBytes());
        }
    }

    @Test
    void missingWhileOfflineSaysWhatToDo() {
        DataStore store = new DataStore(dir.resolve("empty"), false);
        DatasetException e = assertThrows(DatasetException.class, () -> CaliforniaHousing.load(store));
        Path cache = dir.resolve("empty").toAbsolutePath();
        assertEquals("California housing: cal_housing.data or cal_housing.tgz is not in " + cache
                + " (data directory), and downloads are off (NABLA_OFFLINE). To fix: set NABLA_DATA to a directory holding"
                + " cal_housing.data or cal_housing.tgz (such as ../shared/datasets), or download "
                + "https://ndownloader.figshare.com/files/5976036 and save it as " + cache.resolve("cal_housing.tgz") + ".",
                e.getMessage());
        e = assertThrows(DatasetException.class, () -> Mnist.loadTest(store));
        assertTrue(e.getMessage().contains("download https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz"),
                e.getMessage());
    }

    @Test
    void aCorruptFileInTheDirectoryIsReported() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("tinyshakespeare.txt"), "To be or not to be");
        DatasetException e = assertThrows(DatasetException.class,
                () -> TinyShakespeare.load(new DataStore(dir.resolve("data"), false)));
        assertTrue(e.getMessage().contains("is not the published file. SHA-256 mismatch for tinyshakespeare.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("Delete it (it is downloaded again from " + TinyShakespeare.URL), e.getMessage());
    }

    @Test
    void theOriginalArchiveWorksInPlaceOfTheExtractedFile() throws IOException {
        byte[] data = Files.readAllBytes(SharedData.dir().resolve("cal_housing.data"));
        Path d = Files.createDirectories(dir.resolve("archives"));
        Files.write(d.resolve("cal_housing.tgz"), gzip(tar(
                new Entry("CaliforniaHousing/", null),
                new Entry("CaliforniaHousing/cal_housing.domain", "longitude: continuous.\n".getBytes(StandardCharsets.US_ASCII)),
                new Entry("CaliforniaHousing/cal_housing.data", data))));
        TabularData fromArchive = CaliforniaHousing.load(new DataStore(d, false));
        TabularData fromFile = CaliforniaHousing.load(SharedData.store());
        assertArrayEquals(fromFile.features().toFloatArray(), fromArchive.features().toFloatArray());
    }

    @Test
    void fromEnvironmentHonoursTheDataAndCacheProperties() {
        String oldData = System.getProperty("nabla.data");
        String oldCache = System.getProperty("nabla.cache");
        try {
            System.setProperty("nabla.data", SharedData.dir().toString());
            assertEquals(SharedData.dir().toAbsolutePath().normalize(), DataStore.fromEnvironment().directory());
            assertEquals(1797, Digits.load().size(), "the no-argument loaders use it");
            System.setProperty("nabla.data", "");
            System.setProperty("nabla.cache", dir.toString());
            assertEquals(dir.resolve("datasets").toAbsolutePath(), DataStore.fromEnvironment().directory());
        } finally {
            restore("nabla.data", oldData);
            restore("nabla.cache", oldCache);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    record Entry(String name, byte[] content) {
    }

    /** A minimal ustar archive (content null: a directory). */
    static byte[] tar(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] h = new byte[512];
            int size = e.content() == null ? 0 : e.content().length;
            put(h, 0, e.name());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", size));
            put(h, 136, "00000000000");
            h[156] = (byte) (e.content() == null ? '5' : '0');
            put(h, 257, "ustar");
            put(h, 263, "00");
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            put(h, 148, String.format("%06o", sum));
            out.writeBytes(h);
            if (size > 0) {
                out.writeBytes(e.content());
                out.writeBytes(new byte[(512 - size % 512) % 512]);
            }
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
