package dev.lading.core.io;

import static dev.lading.core.io.GzipTestSupport.SMALL_BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelGzipFailureTest {
    private static final String THREAD_PREFIX = "lading-gzip-";

    @Test
    void failingOutSurfacesFromWriteThenEveryCallAndClose() throws Exception {
        FailingStream sink = new FailingStream(3);
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 2, SMALL_BLOCK);
        byte[] data = TestData.random(1, 20 * SMALL_BLOCK);
        IOException first = assertThrows(IOException.class, () -> gzip.write(data));
        assertSame(sink.failure, first);
        IOException again = assertThrows(IOException.class, () -> gzip.write(0));
        assertSame(sink.failure, again.getCause());
        IOException onClose = assertThrows(IOException.class, gzip::close);
        assertSame(sink.failure, onClose.getCause());
        assertTrue(sink.closed, "close must close out even after a failure");
        assertNoGzipThreadsLeft();
    }

    @Test
    void failingOutDuringCloseSurfacesFromClose() throws Exception {
        FailingStream sink = new FailingStream(1);
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 2, SMALL_BLOCK);
        gzip.write(TestData.text(2, 1000));
        IOException onClose = assertThrows(IOException.class, gzip::close);
        assertSame(sink.failure, onClose);
        assertTrue(sink.closed);
        assertNoGzipThreadsLeft();
    }

    @Test
    void failingHeaderWriteFailsTheConstructorWithoutStartingThreads() throws Exception {
        FailingStream sink = new FailingStream(0);
        assertThrows(IOException.class, () -> new ParallelGzipOutputStream(sink, 6, 2, SMALL_BLOCK));
        assertNoGzipThreadsLeft();
    }

    @Test
    void failingWorkerSurfacesAsIOExceptionWithItsCause() throws Exception {
        IllegalStateException boom = new IllegalStateException("worker broke");
        AtomicInteger blocks = new AtomicInteger();
        BlockDeflater breaksOnThirdBlock = new BlockDeflater(6) {
            @Override
            CompressedBlock deflate(byte[] data, int length, byte[] previous, boolean last) {
                if (blocks.incrementAndGet() == 3) {
                    throw boom;
                }
                return super.deflate(data, length, previous, last);
            }
        };
        FailingStream sink = new FailingStream(Integer.MAX_VALUE);
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, breaksOnThirdBlock, 2, SMALL_BLOCK);
        IOException failure = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 64; i++) {
                gzip.write(TestData.text(i, SMALL_BLOCK));
            }
            gzip.close();
        });
        assertSame(boom, failure.getCause());
        assertThrows(IOException.class, gzip::close);
        assertTrue(sink.closed);
        assertNoGzipThreadsLeft();
    }

    @Test
    void workerThreadsAreDaemonsAndEndWithTheStream() throws Exception {
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(OutputStream.nullOutputStream(), 6, 2,
                SMALL_BLOCK);
        gzip.write(TestData.text(9, 8 * SMALL_BLOCK));
        List<Thread> threads = gzipThreads();
        assertFalse(threads.isEmpty(), "compression should run on pool threads");
        assertTrue(threads.stream().allMatch(Thread::isDaemon), "pool threads must not keep the JVM alive");
        gzip.close();
        assertNoGzipThreadsLeft();
    }

    /** Pool threads another test left behind: not this test's to judge. */
    private Set<Thread> others;

    @BeforeEach
    void noteOtherTestsThreads() {
        others = Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    private List<Thread> gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(THREAD_PREFIX) && !others.contains(thread))
                .collect(Collectors.toList());
    }

    /** Idle pool threads would live for many seconds more, so a short join only succeeds if they were stopped. */
    private void assertNoGzipThreadsLeft() throws InterruptedException {
        for (Thread thread : gzipThreads()) {
            thread.join(5_000);
        }
        assertEquals(List.of(), gzipThreads().stream().map(Thread::getName).collect(Collectors.toList()));
    }

    /** Accepts {@code goodWrites} write calls, then throws on every write. */
    private static final class FailingStream extends OutputStream {
        final IOException failure = new IOException("disk full");
        private int goodWrites;
        boolean closed;

        FailingStream(int goodWrites) {
            this.goodWrites = goodWrites;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (goodWrites-- <= 0) {
                throw failure;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
