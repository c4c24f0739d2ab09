package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.tests.FaultProxy.Fault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A random fault plan replays from its seed: the decisions do not depend on the order requests arrive in. */
class FaultPlanTest {
    private static final Fault[] KINDS = {Fault.SERVICE_UNAVAILABLE, Fault.TOO_MANY_REQUESTS, Fault.DROP_REQUEST_BODY,
        Fault.DROP_AFTER_UPSTREAM, Fault.TRUNCATE_RESPONSE};

    @Test
    void sameSeedSameDecisionsWhateverTheOrder() {
        List<String> requests = requests();
        List<String> shuffled = new ArrayList<>(requests);
        Collections.shuffle(shuffled, new Random(7));
        assertNotEquals(requests, shuffled);

        Map<String, Fault> inOrder = decide(FaultPlan.random(42, 0.4, KINDS), requests);
        Map<String, Fault> otherOrder = decide(FaultPlan.random(42, 0.4, KINDS), shuffled);
        assertEquals(inOrder, otherOrder);

        assertTrue(inOrder.containsValue(Fault.PASS) && inOrder.values().stream().distinct().count() >= 4,
                "both passes and several kinds of fault: " + inOrder);
        assertNotEquals(inOrder, decide(FaultPlan.random(43, 0.4, KINDS), requests), "the seed matters");
    }

    @Test
    void theRegistrysSessionIdsAndStateAreNotPartOfTheKey() {
        assertEquals("PATCH /v2/a/b/blobs/uploads/{session}",
                FaultPlan.key("PATCH /v2/a/b/blobs/uploads/0b5e6c1a-1f2d-4c55-9a0e-3f1d2c4b5a69?_state=AbC%3D"));
        assertEquals("PUT /v2/a/blobs/uploads/{session}?digest=sha256%3A00",
                FaultPlan.key("PUT /v2/a/blobs/uploads/1234?_state=xyz&digest=sha256%3A00"));
        assertEquals("POST /v2/a/blobs/uploads/?mount=sha256%3A00&from=b",
                FaultPlan.key("POST /v2/a/blobs/uploads/?mount=sha256%3A00&from=b"));
    }

    /** Pushes to three repositories, some requests sent again (retries) and with new session ids each time. */
    private static List<String> requests() {
        List<String> requests = new ArrayList<>();
        for (int repo = 0; repo < 3; repo++) {
            for (int blob = 0; blob < 4; blob++) {
                String digest = "sha256%3A" + repo + blob;
                for (int attempt = 0; attempt < 3; attempt++) {
                    requests.add("HEAD /v2/r" + repo + "/blobs/" + digest);
                    requests.add("PUT /v2/r" + repo + "/blobs/uploads/" + java.util.UUID.randomUUID()
                            + "?_state=" + java.util.UUID.randomUUID() + "&digest=" + digest);
                }
            }
            requests.add("PUT /v2/r" + repo + "/manifests/v1");
        }
        return requests;
    }

    /** Each request's decision, keyed by the request's key and how many times that key came before. */
    private static Map<String, Fault> decide(FaultPlan plan, List<String> requests) {
        Map<String, Fault> decisions = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String request : requests) {
            String key = FaultPlan.key(request);
            decisions.put(key + "#" + seen.merge(key, 1, Integer::sum), plan.decide(request));
        }
        return decisions;
    }
}
