package dev.lading.registry;

import java.io.IOException;
import java.util.function.LongConsumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * A request body that reports the bytes it hands to the connection, and that it handed them all, for the
 * {@link RateWatch} of its call.
 */
final class CountedBody extends RequestBody {
    private final RequestBody body;
    private final LongConsumer moved;
    private final Runnable sent;

    CountedBody(RequestBody body, LongConsumer moved, Runnable sent) {
        this.body = body;
        this.moved = moved;
        this.sent = sent;
    }

    @Override
    public MediaType contentType() {
        return body.contentType();
    }

    @Override
    public long contentLength() throws IOException {
        return body.contentLength();
    }

    @Override
    public boolean isOneShot() {
        return body.isOneShot();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        BufferedSink counting = Okio.buffer(new ForwardingSink(sink) {
            @Override
            public void write(Buffer source, long byteCount) throws IOException {
                super.write(source, byteCount);
                moved.accept(byteCount);
            }
        });
        body.writeTo(counting);
        counting.emit();
        sent.run();
    }
}
