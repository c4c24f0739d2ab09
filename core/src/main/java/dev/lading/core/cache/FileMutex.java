package dev.lading.core.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a lock file that the threads of this process and other processes both honour: a file lock
 * alone is per process (the JVM refuses a second one on the same file), so threads queue on a lock of their own
 * first.
 */
final class FileMutex {
    private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private FileMutex() {
    }

    static <T> T holding(Path lockFile, CacheLocation.Exclusive<T> work) throws IOException {
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.run();
        } finally {
            local.unlock();
        }
    }
}
