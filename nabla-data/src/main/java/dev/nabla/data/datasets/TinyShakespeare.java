package dev.nabla.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Tiny Shakespeare (Karpathy's char-rnn corpus): 1 115 394 characters of Shakespeare's plays,
 * 65 distinct characters. Stored as {@code tinyshakespeare.txt}.
 *
 * <p>Source: {@value #URL}.
 */
public final class TinyShakespeare {
    /** karpathy/char-rnn's {@code input.txt}. */
    public static final String URL =
            "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt";
    static final RemoteFile FILE = RemoteFile.plain("tinyshakespeare.txt",
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed", URL);

    private TinyShakespeare() {
    }

    /** The corpus from {@link DataStore#fromEnvironment()}. */
    public static CharText load() {
        return load(DataStore.fromEnvironment());
    }

    /** The corpus, its sorted character vocabulary and its tokens. */
    public static CharText load(DataStore store) {
        LocalFile f = store.fetch("tiny Shakespeare", FILE);
        try (InputStream in = f.open()) {
            return CharText.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("tiny Shakespeare: cannot read " + f.path(), e);
        }
    }

    /** The W3/W4 split: the first 90% of the tokens for training, the last 10% for validation. */
    public static TextSplit benchmarkSplit(DataStore store) {
        return load(store).split(0.9);
    }

    /** {@link #benchmarkSplit(DataStore)} from {@link DataStore#fromEnvironment()}. */
    public static TextSplit benchmarkSplit() {
        return benchmarkSplit(DataStore.fromEnvironment());
    }
}
