package dev.lading.toolchain;

import dev.lading.core.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a compile or link step last ran with: a hash of its command line and the modification time and size of each
 * input (the source and the headers its depfile lists; or the objects of a link). The step runs again when any of
 * them differs, an older file put back included, or when its output is gone.
 *
 * @param command the SHA-256 of the command line's words
 */
record StepRecord(String command, List<Stamp> inputs) {
    StepRecord {
        inputs = List.copyOf(inputs);
    }

    /** An input as it was when the step ran. */
    record Stamp(Path path, long modifiedNanos, long size) {
        /** The file as it is now; empty when it does not exist. */
        static Optional<Stamp> of(Path path) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return Optional.of(new Stamp(path, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                        attributes.size()));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        boolean isCurrent() throws IOException {
            return of(path).filter(this::equals).isPresent();
        }
    }

    static String hash(List<String> command) {
        return Digest.sha256(String.join("\0", command).getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** Whether a step with this command line may be skipped: same command, same inputs, output present. */
    boolean isCurrent(List<String> commandLine, Path output) throws IOException {
        if (!command.equals(hash(commandLine)) || !Files.exists(output)) {
            return false;
        }
        for (Stamp input : inputs) {
            if (!input.isCurrent()) {
                return false;
            }
        }
        return true;
    }

    static Optional<StepRecord> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("command ")) {
            return Optional.empty();
        }
        List<Stamp> inputs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(" ", 3);
            if (fields.length != 3) {
                return Optional.empty();
            }
            inputs.add(new Stamp(Path.of(fields[2]), Long.parseLong(fields[0]), Long.parseLong(fields[1])));
        }
        return Optional.of(new StepRecord(lines.get(0).substring("command ".length()), inputs));
    }

    void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder("command ").append(command).append('\n');
        for (Stamp input : inputs) {
            text.append(input.modifiedNanos()).append(' ').append(input.size()).append(' ').append(input.path())
                    .append('\n');
        }
        Files.writeString(file, text);
    }
}
