package dev.lading.cli;

import dev.lading.core.io.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs lading again in a UTF-8 locale when this JVM decodes file names with another charset.
 *
 * <p>The JDK turns file-name bytes into strings with the charset of the locale it started in
 * ({@code sun.jnu.encoding}), fixed at start-up and not settable by a property. In the POSIX locale of many CI
 * containers every non-ASCII byte becomes U+FFFD: image paths, digests and collisions would depend on the locale.
 * Only the environment of a new JVM chooses the charset. The command line is taken byte for byte from
 * {@code /proc/self/cmdline} by bash, because this JVM has already lost the non-ASCII bytes of its arguments and
 * could not pass them on either. Where that cannot work (no {@code /proc}, no bash, no {@code C.UTF-8} locale) the
 * run goes on here, and file names that do not survive the decoding are refused where they are read.
 */
final class Utf8Relaunch {
    /** Set in the relaunched process, so that a system without a UTF-8 locale cannot loop. */
    static final String MARKER = "LADING_UTF8_RELAUNCHED";
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");
    private static final Path BASH = Path.of("/bin/bash");

    private Utf8Relaunch() {
    }

    /** The exit code of the relaunched run, or empty when this JVM should go on itself. */
    static Optional<Integer> relaunchIfNeeded() {
        if (StandardCharsets.UTF_8.equals(FileTrees.fileNameCharset()) || System.getenv(MARKER) != null
                || !Files.isReadable(CMDLINE) || !Files.isExecutable(BASH)) {
            return Optional.empty();
        }
        long pid = ProcessHandle.current().pid();
        // the parent waits for the child, so its cmdline stays readable for as long as bash needs it
        String script = "mapfile -d '' -t argv < /proc/" + pid + "/cmdline || exit 1\n"
                + "export LC_ALL=C.UTF-8 " + MARKER + "=1\n"
                + "exec \"${argv[@]}\"\n";
        ProcessBuilder builder = new ProcessBuilder(List.of(BASH.toString(), "-c", script)).inheritIO();
        try {
            Process child = builder.start();
            Thread stopChild = new Thread(child::destroy);
            Runtime.getRuntime().addShutdownHook(stopChild);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return Optional.of(code);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }
}
