package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.output.OutputSpec;
import dev.lading.registry.TransferListener.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeClock clock = new FakeClock();
    private final Events.Err err = new Events.Err();

    private List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : err.lines()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static List<String> fields(JsonNode event) {
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void buildEventsKeepTheirShape() throws Exception {
        JsonProgress progress = new JsonProgress(err.writer, clock);
        progress.layerBuilt("app", List.of(Events.AMD64, Events.ARM64), Events.builtLayer(3, 2048), 4096,
                Duration.ofMillis(120));
        progress.nativeBuilt(Events.ARM64, "zig 0.13.0", "up to date", Duration.ofMillis(250));
        progress.outputWritten(OutputSpec.parse("type=oci-archive,dest=hk.tar"), Duration.ofMillis(50));
        List<JsonNode> events = events();
        assertEquals(List.of("event", "seconds", "name", "platforms", "digest", "size", "contentBytes"),
                fields(events.get(0)));
        assertEquals("[\"linux/amd64\",\"linux/arm64\"]", events.get(0).get("platforms").toString());
        assertEquals(0.12, events.get(0).get("seconds").asDouble(), 1e-9);
        assertEquals(List.of("event", "seconds", "platform", "toolchain", "detail"), fields(events.get(1)));
        assertEquals("up to date", events.get(1).get("detail").asText());
        assertEquals(List.of("event", "seconds", "type", "dest"), fields(events.get(2)));
        assertEquals("oci-archive", events.get(2).get("type").asText());
    }

    @Test
    void transferEventsCarryTheirFields() throws Exception {
        JsonProgress progress = new JsonProgress(err.writer, clock);
        Descriptor blob = Events.layer(1, 5000);
        progress.blobStarted(blob, Events.BOTH);
        progress.blobProgress(blob.digest(), 2500, 5000);
        progress.blobDone(blob, Outcome.MOUNTED, Duration.ofMillis(300));
        Descriptor index = Events.index(2);
        progress.manifestPushed(index, "localhost:5000/app:v1", Duration.ofMillis(20));
        progress.retrying("PUT manifest", 2, Duration.ofMillis(1500), "503 Service Unavailable");

        List<JsonNode> events = events();
        assertEquals(5, events.size());
        JsonNode started = events.get(0);
        assertEquals(List.of("event", "digest", "mediaType", "size", "label"), fields(started));
        assertEquals(blob.digest().toString(), started.get("digest").asText());
        assertEquals(MediaTypes.OCI_LAYER_GZIP, started.get("mediaType").asText());
        assertEquals(Events.BOTH, started.get("label").asText());
        JsonNode bytes = events.get(1);
        assertEquals(List.of("event", "digest", "bytesSent", "total"), fields(bytes));
        assertEquals(2500, bytes.get("bytesSent").asLong());
        JsonNode done = events.get(2);
        assertEquals(List.of("event", "seconds", "digest", "mediaType", "size", "outcome", "label"), fields(done));
        assertEquals("mounted", done.get("outcome").asText());
        assertEquals(5000, done.get("size").asLong());
        assertEquals(0.3, done.get("seconds").asDouble(), 1e-9);
        JsonNode manifest = events.get(3);
        assertEquals("manifestPushed", manifest.get("event").asText());
        assertEquals("localhost:5000/app:v1", manifest.get("reference").asText());
        assertEquals(index.digest().toString(), manifest.get("digest").asText());
        assertEquals(MediaTypes.OCI_INDEX, manifest.get("mediaType").asText());
        JsonNode retry = events.get(4);
        assertEquals(List.of("event", "operation", "attempt", "waitSeconds", "reason"), fields(retry));
        assertEquals(2, retry.get("attempt").asInt());
        assertEquals(1.5, retry.get("waitSeconds").asDouble(), 1e-9);
        assertEquals("503 Service Unavailable", retry.get("reason").asText());
    }

    @Test
    void progressIsAtMostOnceASecondPerBlobAndNeverAfterDone() throws Exception {
        JsonProgress progress = new JsonProgress(err.writer, clock);
        Descriptor a = Events.layer(1, 100);
        Descriptor b = Events.layer(2, 100);
        progress.blobStarted(a, "linux/amd64");
        progress.blobStarted(b, "linux/arm64");
        progress.blobProgress(a.digest(), 10, 100); // the first report goes out
        progress.blobProgress(b.digest(), 10, 100); // another blob has its own second
        clock.advance(Duration.ofMillis(500));
        progress.blobProgress(a.digest(), 20, 100);
        clock.advance(Duration.ofMillis(499));
        progress.blobProgress(a.digest(), 30, 100);
        clock.advance(Duration.ofMillis(1));
        progress.blobProgress(a.digest(), 40, 100); // a second after the last one that went out
        clock.advance(Duration.ofMillis(100));
        progress.blobProgress(a.digest(), 50, 100);
        progress.blobDone(a, Outcome.UPLOADED, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(5));
        progress.blobProgress(a.digest(), 100, 100); // late, after done
        progress.blobProgress(Events.digest(3), 1, 2); // never started

        List<String> sent = new ArrayList<>();
        for (JsonNode event : events()) {
            if (event.get("event").asText().equals("blobProgress")) {
                String digest = event.get("digest").asText();
                sent.add(digest.substring(digest.length() - 8) + "@" + event.get("bytesSent").asLong());
            }
        }
        assertEquals(List.of("00000001@10", "00000002@10", "00000001@40"), sent);
    }

    @Test
    void eventsFromUploadThreadsAreWholeLinesAndThrottled() throws Exception {
        JsonProgress progress = new JsonProgress(err.writer, clock);
        int threads = 8;
        int reports = 50;
        Events.concurrently(threads, thread -> {
            Descriptor blob = Events.layer(thread, reports);
            Events.upload(progress, blob, "linux/amd64", reports - 1, () -> clock.advance(Duration.ofMillis(20)),
                    Outcome.UPLOADED);
            progress.blobProgress(blob.digest(), reports, reports);
        });
        // all threads together move the clock 8s: at most 9 reports a blob, where 50 were made
        Map<String, Integer> progressed = new HashMap<>();
        Map<String, Boolean> finished = new HashMap<>();
        for (JsonNode event : events()) {
            String digest = event.get("digest").asText();
            switch (event.get("event").asText()) {
                case "blobStarted" -> assertFalse(finished.containsKey(digest));
                case "blobProgress" -> {
                    assertFalse(finished.containsKey(digest), "progress after done for " + digest);
                    progressed.merge(digest, 1, Integer::sum);
                }
                case "blobDone" -> finished.put(digest, true);
                default -> throw new AssertionError(event);
            }
        }
        assertEquals(threads, finished.size());
        assertEquals(threads, progressed.size());
        progressed.forEach((digest, count) -> assertTrue(count <= 9, digest + " reported " + count + " times"));
    }

    @Test
    void reasonsGoOutExactlyWhileAnnotationsStayOut() throws Exception {
        JsonProgress progress = new JsonProgress(err.writer, clock);
        String reason = "reset\u001b[2J by peer\nforged";
        progress.retrying("PATCH blob", 3, Duration.ofSeconds(2), reason);
        Descriptor annotated = Events.layer(5, 100);
        progress.blobStarted(annotated, "linux/amd64");
        progress.blobDone(annotated, Outcome.UPLOADED, Duration.ofMillis(10));

        assertEquals(3, err.lines().size(), "a reason broke a line:\n" + err.text());
        assertEquals(reason, events().get(0).get("reason").asText());
        assertFalse(err.text().contains("\u001b"), "JSON must escape what a terminal would act on");
        assertFalse(err.text().contains(Events.ANNOTATION));
    }

    @Test
    void cacheEventsCarryTheirFields() throws Exception {
        JsonProgress progress = new JsonProgress(err.writer, clock);
        progress.cacheImported("localhost:5000/app:cache", 120, 7, 1500, Duration.ofMillis(800));
        progress.compileCache(Events.AMD64, 10, 2);
        progress.cacheExported("out/cache", Events.manifest(9), 125, 0, false, Duration.ofMillis(40));

        List<JsonNode> events = events();
        assertEquals(List.of("event", "seconds", "location", "entries", "blobsFetched", "bytesFetched"),
                fields(events.get(0)));
        assertEquals("cacheImported", events.get(0).get("event").asText());
        assertEquals(120, events.get(0).get("entries").asInt());
        assertEquals(7, events.get(0).get("blobsFetched").asInt());
        assertEquals(1500, events.get(0).get("bytesFetched").asLong());
        assertEquals(List.of("event", "platform", "hits", "misses"), fields(events.get(1)));
        assertEquals("linux/amd64", events.get(1).get("platform").asText());
        assertEquals(10, events.get(1).get("hits").asInt());
        assertEquals(2, events.get(1).get("misses").asInt());
        JsonNode exported = events.get(2);
        assertEquals(List.of("event", "seconds", "location", "digest", "mediaType", "size", "entries", "blobsSent",
                "changed"), fields(exported));
        assertEquals(Events.digest(9).toString(), exported.get("digest").asText());
        assertEquals("out/cache", exported.get("location").asText());
        assertFalse(exported.get("changed").asBoolean());
        assertEquals(0, exported.get("blobsSent").asInt());
    }
}
