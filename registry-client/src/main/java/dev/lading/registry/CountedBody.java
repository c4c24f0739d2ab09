package dev.lading.registry;

import java.io.IOException;
import java.util.function.LongConsumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/** A request body that reports the bytes it hands to the connection, for the {@link RateWatch} of its call. */
final class CountedBody extends RequestBody {
    private final RequestBody body;
    private final LongConsumer moved;

    CountedBody(RequestBody body, LongConsumer moved) {
        this.body = body;
        this.moved = moved;
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
    }
}
