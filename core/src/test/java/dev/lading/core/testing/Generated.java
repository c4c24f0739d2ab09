package dev.lading.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A small property-test runner on plain JUnit: runs a property on many generated inputs, each drawn from its
 * own seed, and names the seed of a failing case so it can be replayed with {@code -Dlading.seed=N}.
 * The base seed is fixed, so CI explores the same cases on every run.
 */
public final class Generated {
    private static final long BASE_SEED = 0x1AD1_46L;

    /** A property over one random source; it fails by throwing (an assertion or any exception). */
    @FunctionalInterface
    public interface Property {
        void check(SplittableRandom random) throws Exception;
    }

    private Generated() {
    }

    public static void forAll(int tries, Property property) {
        String replay = System.getProperty("lading.seed");
        if (replay != null) {
            run(Long.parseLong(replay), property);
            return;
        }
        SplittableRandom seeds = new SplittableRandom(BASE_SEED);
        for (int i = 0; i < tries; i++) {
            run(seeds.nextLong(), property);
        }
    }

    private static void run(long seed, Property property) {
        try {
            property.check(new SplittableRandom(seed));
        } catch (AssertionError | Exception e) {
            throw new AssertionError("property failed for seed " + seed + " (replay with -Dlading.seed=" + seed + "): "
                    + e.getMessage(), e);
        }
    }

    // Generators: small helpers over SplittableRandom, enough for the shapes these tests need.

    public static String string(SplittableRandom random, String alphabet, int minLength, int maxLength) {
        int length = random.nextInt(minLength, maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    public static String lower(SplittableRandom random, int minLength, int maxLength) {
        return string(random, "abcdefghijklmnopqrstuvwxyz", minLength, maxLength);
    }

    public static byte[] bytes(SplittableRandom random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    public static <T> T oneOf(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    public static <T> List<T> list(SplittableRandom random, int minSize, int maxSize, Function<SplittableRandom, T> element) {
        int size = random.nextInt(minSize, maxSize + 1);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }
}
