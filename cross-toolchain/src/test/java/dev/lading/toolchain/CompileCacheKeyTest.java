package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile cache's keys and which compiler runs it serves, without a compiler. */
class CompileCacheKeyTest {
    @TempDir
    Path dir;

    /** A checkout and its build directory below {@code at}, with a wrapper naming both as the real one would. */
    private record Checkout(Path source, Path build, Path wrapper, CompileCache.Roots roots) {
        List<String> command(String... flags) {
            List<String> command = new ArrayList<>(List.of(wrapper.toString()));
            command.addAll(List.of(flags));
            command.addAll(List.of("-MD", "-MF", build.resolve("obj/app/main.c.o.d").toString(), "-c",
                    source.resolve("main.c").toString(), "-o", build.resolve("obj/app/main.c.o").toString()));
            return command;
        }

        String key(String... flags) throws Exception {
            return CompileCache.key("clang 14.0.6 build-id:ab", Fixtures.ARM64, roots, command(flags),
                    build.resolve("obj"), "0123");
        }
    }

    private Checkout checkout(String at) throws Exception {
        Path source = dir.resolve(at).resolve("project");
        Path build = dir.resolve(at).resolve("cache/builds/project-1/linux-arm64-2");
        Path wrapper = Fixtures.script(build.resolve("tools/cc"), "exec clang '-ffile-prefix-map=" + source
                + "=.' '-ffile-prefix-map=" + build + "=.' \"$@\"\n");
        return new Checkout(source, build, wrapper,
                CompileCache.Roots.of(source, build, Optional.empty(), Optional.empty()));
    }

    @Test
    void aMovedCheckoutKeepsItsKeys() throws Exception {
        assertEquals(checkout("a").key("-O2"), checkout("elsewhere/b").key("-O2"));
    }

    @Test
    void aFlagTheSourceOrThePlatformChangesTheKey() throws Exception {
        Checkout checkout = checkout("a");
        String key = checkout.key("-O2");
        assertNotEquals(key, checkout.key("-O1"));
        assertNotEquals(key, checkout.key("-O2", "-DX=1"));
        assertNotEquals(key, CompileCache.key("clang 14.0.6 build-id:ab", Fixtures.ARM64, checkout.roots(),
                checkout.command("-O2"), checkout.build().resolve("obj"), "4567"));
        assertNotEquals(key, CompileCache.key("clang 14.0.6 build-id:ab", Fixtures.AMD64, checkout.roots(),
                checkout.command("-O2"), checkout.build().resolve("obj"), "0123"));
        assertNotEquals(key, CompileCache.key("clang 14.0.6 build-id:cd", Fixtures.ARM64, checkout.roots(),
                checkout.command("-O2"), checkout.build().resolve("obj"), "0123"));
        Files.writeString(checkout.wrapper(), Files.readString(checkout.wrapper()) + "# another wrapper\n");
        assertNotEquals(key, checkout.key("-O2"));
    }

    @Test
    void rootsBecomePlaceholdersOnlyAsWholePaths() {
        CompileCache.Roots roots = CompileCache.Roots.of(Path.of("/w/src"), Path.of("/w/src/out/build"),
                Optional.of(Path.of("/sysroot")), Optional.empty());
        String text = "-I/w/src/include -I/w/src2 /w/src/out/build/obj.o --sysroot=/sysroot -ffile-prefix-map=/w/src=.";
        String abstracted = roots.abstracted(text);
        assertEquals("-I<lading:source>/include -I/w/src2 <lading:build>/obj.o --sysroot=<lading:packages>"
                + " -ffile-prefix-map=<lading:source>=.", abstracted);
        assertEquals(text, roots.concrete(abstracted));
        assertFalse(abstracted.contains("/w/src/"));
    }

    @Test
    void aRootsPhysicalPathIsItsPlaceholderToo() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/project"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real.getParent()).resolve("project");
        CompileCache.Roots roots = CompileCache.Roots.of(link, dir.resolve("build"), Optional.empty(),
                Optional.empty());
        assertEquals("<lading:source>/a.c <lading:source>/b.c", roots.abstracted(real + "/a.c " + link + "/b.c"));
        assertEquals(link + "/a.c", roots.concrete("<lading:source>/a.c"));
    }

    @Test
    void onlyOneSourceCompiledToAnObjectWithADepfileIsServed() {
        Path at = Path.of("/b");
        assertEquals(Optional.of(new CompileCache.Invocation(Path.of("/s/a.c"), Path.of("/b/o/a.c.o"),
                        Path.of("/b/o/a.c.o.d"))),
                CompileCache.Invocation.of(List.of("-DX", "-I", "inc", "-O2", "-MD", "-MT", "o/a.c.o", "-MF",
                        "o/a.c.o.d", "-o", "o/a.c.o", "-c", "/s/a.c"), at));
        assertTrue(CompileCache.Invocation.of(List.of("-MD", "-MF", "a.d", "-o", "a.o", "/s/a.c"), at).isEmpty(),
                "a link");
        assertTrue(CompileCache.Invocation.of(List.of("-c", "-o", "a.o", "/s/a.c"), at).isEmpty(), "no depfile");
        assertTrue(CompileCache.Invocation.of(List.of("-MD", "-MF", "a.d", "-c", "/s/a.c", "/s/b.c"), at).isEmpty(),
                "two sources");
        assertTrue(CompileCache.Invocation.of(List.of("-MD", "-MF", "a.d", "-c", "-o", "a.o", "/s/a.c",
                "-fprofile-use=x.profdata"), at).isEmpty(), "a profile the depfile does not name");
        assertTrue(CompileCache.Invocation.of(List.of("-MD", "-MF", "a.d", "-c", "-o", "a.o", "@args"), at)
                .isEmpty(), "a response file");
    }
}
