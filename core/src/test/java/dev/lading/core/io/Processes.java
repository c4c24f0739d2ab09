package dev.lading.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a real command-line tool on bytes, as a person would check a file. */
final class Processes {
    private Processes() {
    }

    /** What a finished command gave back. */
    record Result(int exitCode, byte[] stdout, String stderr) {
    }

    /** Runs {@code command} with {@code stdin} as its standard input and waits for it. */
    static Result run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Path input = Files.createTempFile("lading-stdin", ".bin");
        Path errors = Files.createTempFile("lading-stderr", ".txt");
        try {
            Files.write(input, stdin);
            Process process = new ProcessBuilder(List.of(command))
                    .redirectInput(input.toFile())
                    .redirectError(errors.toFile())
                    .start();
            byte[] stdout;
            try (InputStream out = process.getInputStream()) {
                stdout = out.readAllBytes();
            }
            int exitCode = process.waitFor();
            return new Result(exitCode, stdout, Files.readString(errors, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(errors);
        }
    }
}
