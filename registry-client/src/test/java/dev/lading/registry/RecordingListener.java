package dev.lading.registry;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a push or a retried operation reported, for assertions; thread-safe as upload threads call it. */
final class RecordingListener implements TransferListener {
    record Retry(String operation, int attempt, Duration delay, String reason) {
    }

    final List<Retry> retries = new CopyOnWriteArrayList<>();
    final Map<Digest, Outcome> outcomes = new ConcurrentHashMap<>();
    final List<String> manifestsPushed = new CopyOnWriteArrayList<>();

    @Override
    public void retrying(String operation, int attempt, Duration wait, String reason) {
        retries.add(new Retry(operation, attempt, wait, reason));
    }

    @Override
    public void blobDone(Descriptor blob, Outcome outcome, Duration took) {
        outcomes.put(blob.digest(), outcome);
    }

    @Override
    public void manifestPushed(Descriptor manifest, String reference, Duration took) {
        manifestsPushed.add(reference);
    }
}
