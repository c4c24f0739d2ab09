package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.tests.FaultPlan.Rule;
import dev.lading.tests.FaultProxy.Exchange;
import dev.lading.tests.FaultProxy.Fault;
import dev.lading.tests.RegistryServer.Setup;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lading CLI pushing and reading through {@link FaultProxy}, which breaks requests the way networks and busy
 * registries do, in front of a real registry: every push ends complete and byte-exact (checked with skopeo against
 * the registry itself), retries do what the protocol allows and no more, and a failed push never moves a tag.
 */
class RegistryFaultsTest {
    /** A plain progress line about a retry, after the time since the start: {@code [   0.54s] retry ...}. */
    private static final Pattern RETRY_LINE = Pattern.compile("\\[ *[0-9.]+s\\] retry ");

    private static final long SEED = 20261128;
    private static final int RANDOM_PUSHES = 20;
    private static final double FAULT_RATE = 0.22;
    private static final Pattern DIGEST_PARAMETER = Pattern.compile("[?&]digest=([^&]+)");

    @TempDir
    static Path work;
    static Lading lading;
    static RegistryServer registry;

    @BeforeAll
    static void startTheRegistry() throws Exception {
        lading = new Lading(work.resolve("home"));
        registry = RegistryServer.start(Setup.anonymous());
    }

    @AfterAll
    static void stopTheRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /**
     * With the default retries: a blob push is 3 or 4 requests, so retrying it as a whole failed at this rate 1 or 2
     * pushes in 5; each request is retried where it failed instead.
     */
    @Test
    void twentyPushesThroughRandomFaultsAllArriveWhole() throws Exception {
        SmallImage.Layout image = SmallImage.build(lading, work.resolve("random"),
                List.of("linux/amd64", "linux/arm64", "linux/riscv64"), 3000, 1000);
        FaultPlan plan = FaultPlan.random(SEED, FAULT_RATE, Fault.SERVICE_UNAVAILABLE, Fault.TOO_MANY_REQUESTS,
                Fault.DROP_REQUEST_BODY, Fault.DROP_AFTER_UPSTREAM, Fault.TRUNCATE_RESPONSE);
        long started = System.nanoTime();
        List<Tool.Result> results = new ArrayList<>();
        AtomicLong slowest = new AtomicLong();
        try (FaultProxy proxy = FaultProxy.start(registry.host(), plan)) {
            // a few at a time: the pushes mostly wait out backoffs, so the class stays short on two cores
            ExecutorService pool = Executors.newFixedThreadPool(4, Daemons.named("random-push"));
            try {
                List<Future<Tool.Result>> pushes = IntStream.range(0, RANDOM_PUSHES).mapToObj(i -> pool.submit(() -> {
                    long start = System.nanoTime();
                    Tool.Result result = lading.run("push", image.source(), proxy.host() + "/random/r" + i + ":v1",
                            "--progress", "plain");
                    slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                    return result;
                })).toList();
                for (Future<Tool.Result> push : pushes) {
                    results.add(push.get());
                }
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < RANDOM_PUSHES; i++) {
                assertEquals(0, results.get(i).exitCode(), "push " + i + ": " + results.get(i));
                assertEquals(image.digest(), SmallImage.digestInRegistry(registry, "random/r" + i + ":v1"), "push " + i);
            }
            int requests = proxy.exchanges().size();
            int faulted = requests - proxy.count(Fault.PASS);
            long retries = results.stream()
                    .mapToLong(r -> r.stderr().lines().filter(l -> RETRY_LINE.matcher(l).lookingAt()).count())
                    .sum();
            assertTrue(faulted > 0, "the plan injected faults: " + proxy.counts());
            assertTrue(retries >= faulted / 2, "lading said it retried: " + retries + " retries, " + faulted + " faults");
            Map<Fault, Integer> counts = proxy.counts();
            counts.remove(Fault.PASS);
            System.out.printf("fault injection: %d/%d pushes complete (seed %d, rate %.2f, default retries): %d"
                    + " requests, %d faulted %s, %d retries; %.1f s for all, 4 at a time, the slowest push %.1f s%n",
                    RANDOM_PUSHES, RANDOM_PUSHES, SEED, FAULT_RATE, requests, faulted, counts, retries,
                    (System.nanoTime() - started) / 1e9, slowest.get() / 1e9);
        }
    }

    @Test
    void busyRegistryAtFirstContactIsAskedAgain() throws Exception {
        String repository = "scripted/busy";
        // lading tries HTTPS first (the proxy refuses it), then plain HTTP, whose first answer is a 503
        Pushed pushed = pushThrough(repository, FaultPlan.scripted(Rule.next(1, "^GET /v2/$",
                Fault.SERVICE_UNAVAILABLE)), List.of(), 2000);
        assertEquals(1, pushed.log().stream().filter(e -> e.fault() == Fault.SERVICE_UNAVAILABLE).count());
        assertTrue(pushed.result().stderr().contains("503"), "the retry line gives the reason: " + pushed.result());
    }

    @Test
    void droppedFirstContactIsTriedAgain() throws Exception {
        // the plain-HTTP first contact loses its connection; HTTPS then meets a server that speaks no TLS, so the
        // plain failure decides, and a dropped connection is worth another try (a random-fault run found this)
        Pushed pushed = pushThrough("scripted/dropped-ping", FaultPlan.scripted(Rule.next(1, "^GET /v2/$",
                Fault.DROP_AFTER_UPSTREAM)), List.of(), 2000);
        assertEquals(1, pushed.log().stream().filter(e -> e.fault() == Fault.DROP_AFTER_UPSTREAM).count());
        assertTrue(pushed.result().stderr().lines().anyMatch(l -> RETRY_LINE.matcher(l).lookingAt()),
                "a retry line: " + pushed.result().stderr());
    }

    @Test
    void throttledBlobUploadWaitsForRetryAfter() throws Exception {
        String repository = "scripted/throttled";
        List<Stamped> seen = new CopyOnWriteArrayList<>();
        FaultPlan script = FaultPlan.scripted(
                Rule.next(1, "^POST /v2/" + repository + "/blobs/uploads/", Fault.TOO_MANY_REQUESTS));
        // one upload at a time, so that the request after the throttled one is that upload's next attempt
        Pushed pushed = pushThrough(repository, stamped(script, seen), List.of("--parallel-uploads", "1"), 2000);
        assertTrue(pushed.result().stderr().lines().anyMatch(l -> l.matches(RETRY_LINE.pattern() + "POST /v2/"
                + repository + "/blobs/uploads/ \\(attempt 2 in 1\\.0s\\): .*429.*")),
                "a retry line: " + pushed.result().stderr());
        assertTrue(pushed.took().toMillis() >= 1000, "took " + pushed.took());
        int throttled = indexOf(seen, s -> s.fault() == Fault.TOO_MANY_REQUESTS);
        long gap = seen.get(throttled + 1).nanos() - seen.get(throttled).nanos();
        assertTrue(gap >= 990_000_000L, "the next request waited Retry-After (1 s): " + gap / 1e6 + " ms");
    }

    @Test
    void lostAnswerToABlobPutIsNotPutAgain() throws Exception {
        String repository = "scripted/dropped";
        Pushed pushed = pushThrough(repository, FaultPlan.scripted(Rule.next(1,
                "^PUT /v2/" + repository + "/blobs/uploads/\\S*digest=", Fault.DROP_AFTER_UPSTREAM)), List.of(), 2000);
        List<Exchange> log = pushed.log();
        int dropped = indexOf(log, e -> e.fault() == Fault.DROP_AFTER_UPSTREAM);
        String digest = digestParameter(log.get(dropped).target());
        assertEquals(1, log.stream().filter(e -> e.method().equals("PUT") && digest.equals(digestParameter(e.target())))
                .count(), "the blob was put once: " + log);
        assertTrue(log.subList(dropped, log.size()).stream().anyMatch(e -> e.method().equals("HEAD")
                && e.target().equals("/v2/" + repository + "/blobs/" + digest)), "a HEAD found it: " + log);
        assertTrue(pushed.result().stdout().contains("(3 blobs sent, 0 already there, 0 mounted)"),
                pushed.result().stdout());
    }

    @Test
    void pushToASecondRepositoryMountsEveryBlobFromTheFirst() throws Exception {
        SmallImage.Layout image = SmallImage.build(lading, work.resolve("mounted"), 2000, 3000);
        try (FaultProxy proxy = FaultProxy.start(registry.host(), FaultPlan.none())) {
            Tool.Result first = lading.ok("push", image.source(), proxy.host() + "/mount/first:v1", "--progress",
                    "plain");
            Matcher sent = Pattern.compile("\\((\\d+) blobs sent, 0 already there, 0 mounted\\)").matcher(first.stdout());
            assertTrue(sent.find(), first.stdout());
            int blobs = Integer.parseInt(sent.group(1));
            int before = proxy.exchanges().size();

            Tool.Result second = lading.ok("push", image.source(), proxy.host() + "/mount/second:v1", "--progress",
                    "plain");

            List<Exchange> log = proxy.exchanges().subList(before, proxy.exchanges().size());
            assertFalse(log.stream().anyMatch(e -> e.method().equals("PATCH")
                    || e.method().equals("PUT") && e.target().contains("/blobs/uploads/")), "no blob was sent: " + log);
            assertEquals(blobs, log.stream().filter(e -> e.method().equals("POST") && e.target().contains("mount=")
                    && e.target().contains("from=mount") && e.target().contains("first")).count(), log.toString());
            assertTrue(second.stdout().contains("(0 blobs sent, 0 already there, " + blobs + " mounted)"),
                    second.stdout());
            assertEquals(image.digest(), SmallImage.digestInRegistry(registry, "mount/second:v1"));
        }
    }

    @Test
    void brokenPatchOfALargeBlobAsksWhereTheUploadStands() throws Exception {
        String repository = "scripted/large";
        // over 4 MiB of random bytes (no compression helps) is streamed with PATCH, the rest goes in one PUT
        Pushed pushed = pushThrough(repository, FaultPlan.scripted(Rule.next(1,
                "^PATCH /v2/" + repository + "/blobs/uploads/", Fault.DROP_REQUEST_BODY)), List.of(), 5 << 20, 1000);
        List<Exchange> log = pushed.log();
        int broken = indexOf(log, e -> e.fault() == Fault.DROP_REQUEST_BODY);
        List<Exchange> after = log.subList(broken + 1, log.size());
        int nextPatch = indexOf(after, e -> e.method().equals("PATCH"));
        assertTrue(after.subList(0, nextPatch).stream().anyMatch(e -> e.method().equals("GET")
                && e.target().startsWith("/v2/" + repository + "/blobs/uploads/")),
                "the upload's state was asked before sending again: " + log);
    }

    @Test
    void truncatedManifestIsReadAgainByInspect() throws Exception {
        SmallImage.Layout image = SmallImage.build(lading, work.resolve("truncated"), 2000);
        String repository = "scripted/truncated";
        lading.ok("push", image.source(), registry.reference(repository + ":v1"), "--progress", "quiet");
        FaultPlan script = FaultPlan.scripted(
                Rule.next(1, "^GET /v2/" + repository + "/manifests/", Fault.TRUNCATE_RESPONSE));
        try (FaultProxy proxy = FaultProxy.start(registry.host(), script)) {
            Tool.Result inspect = lading.run("inspect", proxy.host() + "/" + repository + ":v1", "--retries", "2");
            assertEquals(0, inspect.exitCode(), inspect.toString());
            assertTrue(inspect.stdout().contains("Digest:    " + image.digest()), inspect.stdout());
            assertTrue(inspect.stdout().contains("linux/amd64") && inspect.stdout().contains("linux/arm64"),
                    inspect.stdout());
            assertEquals(1, proxy.count(Fault.TRUNCATE_RESPONSE), proxy.exchanges().toString());
        }
    }

    @Test
    void failedIndexPutLeavesTheTagAndARerunFinishes() throws Exception {
        SmallImage.Layout v1 = SmallImage.build(lading, work.resolve("v1"), 2000);
        SmallImage.Layout v2 = SmallImage.build(lading, work.resolve("v2"), 2000);
        String repository = "atomic/app";
        try (FaultProxy proxy = FaultProxy.start(registry.host(), FaultPlan.none())) {
            String target = proxy.host() + "/" + repository + ":stable";
            lading.ok("push", v1.source(), target, "--retries", "1", "--progress", "quiet");
            assertEquals(v1.digest(), SmallImage.digestInRegistry(registry, repository + ":stable"));

            proxy.plan(FaultPlan.scripted(Rule.next(1000, "^PUT /v2/" + repository + "/manifests/" + v2.digest() + "$",
                    Fault.SERVICE_UNAVAILABLE)));
            int before = proxy.exchanges().size();
            Tool.Result failed = lading.fails(1, "push", v2.source(), target, "--retries", "1", "--progress", "plain");
            assertTrue(failed.stderr().contains("503"), failed.stderr());
            List<Exchange> attempt = proxy.exchanges().subList(before, proxy.exchanges().size());
            assertEquals(2, attempt.stream().filter(e -> e.fault() == Fault.SERVICE_UNAVAILABLE).count(),
                    "one try and one retry of the index: " + attempt);
            assertFalse(attempt.stream().anyMatch(e -> e.target().endsWith("/manifests/stable")),
                    "the tag was never touched: " + attempt);
            assertEquals(v1.digest(), SmallImage.digestInRegistry(registry, repository + ":stable"));

            proxy.plan(FaultPlan.none());
            Tool.Result rerun = lading.ok("push", v2.source(), target, "--retries", "1", "--progress", "plain");
            assertTrue(rerun.stdout().contains("(0 blobs sent, 3 already there, 0 mounted)"), rerun.stdout());
            assertEquals(v2.digest(), SmallImage.digestInRegistry(registry, repository + ":stable"));
        }
    }

    // --- helpers

    /** A push through a fault proxy that succeeded: lading's output, the proxy's log and the run's duration. */
    private record Pushed(Tool.Result result, List<Exchange> log, Duration took) {
    }

    /**
     * Pushes a new image of these layer sizes to {@code repository:v1} through a proxy following {@code plan}, with
     * plain progress, {@code --retries 2} and {@code options}; insists that it succeeds and that the registry
     * itself then holds the image.
     */
    private static Pushed pushThrough(String repository, FaultPlan plan, List<String> options, int... layerBytes)
            throws Exception {
        SmallImage.Layout image = SmallImage.build(lading, work.resolve(repository), layerBytes);
        try (FaultProxy proxy = FaultProxy.start(registry.host(), plan)) {
            List<String> args = new ArrayList<>(List.of("push", image.source(), proxy.host() + "/" + repository + ":v1",
                    "--retries", "2", "--progress", "plain"));
            args.addAll(options);
            long started = System.nanoTime();
            Tool.Result result = lading.run(args.toArray(String[]::new));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(0, result.exitCode(), result + "\n--- proxy log\n" + proxy.exchanges());
            assertEquals(image.digest(), SmallImage.digestInRegistry(registry, repository + ":v1"));
            return new Pushed(result, proxy.exchanges(), took);
        }
    }

    /** A request the proxy saw, when it saw it and what the plan did to it. */
    private record Stamped(long nanos, String request, Fault fault) {
    }

    /** {@code plan}, noting every decision with the time: for checks on how long a client waited. */
    private static FaultPlan stamped(FaultPlan plan, List<Stamped> seen) {
        return request -> {
            Fault fault = plan.decide(request);
            seen.add(new Stamped(System.nanoTime(), request, fault));
            return fault;
        };
    }

    private static <T> int indexOf(List<T> list, java.util.function.Predicate<T> test) {
        int index = IntStream.range(0, list.size()).filter(i -> test.test(list.get(i))).findFirst().orElse(-1);
        assertTrue(index >= 0, "none matches in " + list);
        return index;
    }

    /** The {@code digest} query parameter of a request target, decoded; empty when there is none. */
    private static String digestParameter(String target) {
        Matcher matcher = DIGEST_PARAMETER.matcher(target);
        return matcher.find() ? URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8) : "";
    }
}
