package dev.lading.core.io;

import java.io.ByteArrayOutputStream;

/** Keeps what was written and remembers whether it was closed. */
final class CloseTrackingSink extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
        closed = true;
    }
}
