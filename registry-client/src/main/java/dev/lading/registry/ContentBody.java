package dev.lading.registry;

import dev.lading.core.io.Content;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A blob upload body read from re-openable content, from an offset (to resume) to the end, reporting bytes as
 * they go. One-shot: OkHttp must never replay it on its own, since a replayed PATCH would append twice; lading's
 * retries decide what to send again.
 */
final class ContentBody extends RequestBody {
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    private static final int CHUNK = 64 << 10;

    private final Content content;
    private final long from;
    private final LongConsumer progress;

    ContentBody(Content content, long from, LongConsumer progress) {
        this.content = content;
        this.from = from;
        this.progress = progress;
    }

    @Override
    public MediaType contentType() {
        return OCTET_STREAM;
    }

    @Override
    public long contentLength() {
        return content.size() - from;
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    /** Reading the content failed (or it did not match its digest): the registry is not to blame, no retry helps. */
    static final class SourceException extends IOException {
        SourceException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        InputStream in;
        try {
            in = content.open();
        } catch (IOException e) {
            throw new SourceException(e);
        }
        try (in) {
            skip(in, from);
            byte[] buffer = new byte[CHUNK];
            long sent = from;
            long end = content.size();
            while (sent < end) {
                int n = read(in, buffer, (int) Math.min(buffer.length, end - sent));
                if (n < 0) {
                    throw new SourceException(new IOException(content + " ended after " + sent + " of " + end
                            + " bytes"));
                }
                sink.write(buffer, 0, n);
                sent += n;
                progress.accept(sent);
            }
        }
    }

    private static int read(InputStream in, byte[] buffer, int length) throws SourceException {
        try {
            return in.read(buffer, 0, length);
        } catch (IOException e) {
            throw new SourceException(e);
        }
    }

    private static void skip(InputStream in, long count) throws SourceException {
        try {
            in.skipNBytes(count);
        } catch (IOException e) {
            throw new SourceException(e);
        }
    }
}
