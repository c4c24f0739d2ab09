package dev.lading.toolchain.packages;

import dev.lading.core.InputException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageMirrorTest {
    @TempDir
    Path etcApt;

    private void write(String name, String text) throws IOException {
        Path file = etcApt.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private URI discover() {
        return PackageMirror.discover(null, Map.of(), etcApt);
    }

    @Test
    void theFlagWinsOverTheEnvironmentWhichWinsOverApt() throws IOException {
        write("sources.list", "deb http://apt.example.org/debian trixie main\n");
        Map<String, String> env = Map.of(PackageMirror.ENV, "https://env.example.org/debian");
        assertEquals(URI.create("https://flag.example.org/debian"),
                PackageMirror.discover("https://flag.example.org/debian", env, etcApt));
        assertEquals(URI.create("https://env.example.org/debian"), PackageMirror.discover(null, env, etcApt));
        assertEquals(URI.create("http://apt.example.org/debian"), PackageMirror.discover("", Map.of(), etcApt));
    }

    @Test
    void aFlagThatIsNoHttpUrlIsBadInput() {
        InputException e = assertThrows(InputException.class,
                () -> PackageMirror.discover("ftp.example.org/debian", Map.of(), etcApt));
        assertTrue(e.getMessage().startsWith("--package-mirror: "), e.getMessage());
    }

    @Test
    void oneLineSourcesWithOptionsSkippingSecurityAndThirdParties() throws IOException {
        write("sources.list", """
                # deb http://commented.example.org/debian trixie main
                deb-src http://src.example.org/debian trixie main
                deb http://security.example.org/debian-security trixie-security main
                deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] https://third.example.org/node_22.x nodistro main
                deb [ arch=amd64,arm64 ]  http://apt.example.org/debian/  trixie main contrib
                deb http://later.example.org/debian trixie main
                """);
        assertEquals(URI.create("http://apt.example.org/debian/"), discover());
    }

    @Test
    void deb822SourcesWithCommentsInsideAParagraph() throws IOException {
        write("sources.list.d/debian.sources", """
                Types: deb-src
                URIs: http://src.example.org/debian
                Suites: trixie
                Components: main

                Types: deb deb-src
                # a snapshot of the same archive, kept for reference
                URIs: http://mirror.example.org/debian http://second.example.org/debian
                Suites: trixie trixie-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://mirror.example.org/debian-security
                Suites: trixie-security
                Components: main
                """);
        assertEquals(URI.create("http://mirror.example.org/debian"), discover());
    }

    @Test
    void deb822SkipsDisabledParagraphsAndReadsFieldNamesInAnyCase() throws IOException {
        write("sources.list.d/a.sources", """
                Types: deb
                URIs: http://off.example.org/debian
                Suites: trixie
                Enabled: no

                types: deb
                uris: http://on.example.org/debian
                suites: trixie
                """);
        assertEquals(URI.create("http://on.example.org/debian"), discover());
    }

    @Test
    void sourcesListComesFirstThenTheDirectoryInNameOrder() throws IOException {
        write("sources.list.d/b.list", "deb http://b.example.org/debian trixie main\n");
        write("sources.list.d/a.sources", "Types: deb\nURIs: http://a.example.org/debian\nSuites: trixie\n");
        write("sources.list.d/c.list.disabled", "deb http://c.example.org/debian trixie main\n");
        assertEquals(URI.create("http://a.example.org/debian"), discover());
        write("sources.list", "deb http://main.example.org/debian trixie main\n");
        assertEquals(URI.create("http://main.example.org/debian"), discover());
    }

    @Test
    void onlyThirdPartyOrNoSourcesIsBadInputSayingHowToSetAMirror() throws IOException {
        write("sources.list.d/node.list", "deb https://third.example.org/node_22.x nodistro main\n");
        write("sources.list.d/sec.sources", "Types: deb\nURIs: http://x.example.org/debian-security\n");
        InputException e = assertThrows(InputException.class, this::discover);
        assertTrue(e.getMessage().contains("--package-mirror URL"), e.getMessage());
        assertTrue(e.getMessage().contains(PackageMirror.ENV), e.getMessage());
        InputException none = assertThrows(InputException.class,
                () -> PackageMirror.discover(null, Map.of(), etcApt.resolve("missing")));
    }

    @Test
    void anUnreadableSourcesFileIsBadInputNamingIt() throws IOException {
        write("sources.list.d/broken.sources", "Types: deb\nthis line is no field\n");
        InputException e = assertThrows(InputException.class, this::discover);
        assertTrue(e.getMessage().startsWith(etcApt.resolve("sources.list.d/broken.sources") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("--package-mirror URL"), e.getMessage());
    }

    @Test
    void oneLineParsingKeepsTheUriWhateverTheOptionsAndSpacing() {
        List<String> options = List.of("", "[arch=amd64] ", "[ trusted=yes ]\t", "[arch=arm64,amd64 lang=none] ");
        List<String> gaps = List.of(" ", "\t", "   ");
        for (String option : options) {
            for (String gap : gaps) {
                String line = "deb" + gap + option + "http://x.example.org/debian" + gap + "trixie main # note";
                assertEquals(List.of("http://x.example.org/debian"), PackageMirror.oneLineUris(line), line);
            }
        }
    }
}
