package dev.lading.toolchain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-target {@code cc}, {@code c++}, {@code ar} and {@code ranlib} scripts every build calls, CMake's and the
 * plain one alike. One program path per tool is what CMake, make and configure checks expect; the scripts are also
 * the one place that sets the target, drops arguments the compiler rejects, adds linker flags only to invocations
 * that link (clang warns about them otherwise) and sets the environment, so a build directory's commands can be
 * run again by hand with the same result.
 *
 * @param pkgConfig the pkg-config that reads the target's package sysroot, or null when it has none
 */
record Wrappers(Path cc, Path cxx, Path ar, Path ranlib, Path pkgConfig) {
    /** How a refusal starts, so that a build failure can be told apart from one the toolchain announced. */
    static final String REFUSAL = "lading: ";
    /** The client of the {@link CompileServer}, which the C and C++ wrappers hand compiles to. */
    static final String CLIENT = "compile-client";
    /**
     * Before anything else, a compile ({@code -c}) goes to the build's compile cache when a lading build is serving
     * this directory's wrappers; the client runs the wrapper again with {@code LADING_COMPILE_DIRECT} set, here
     * or in lading. Without a server (Ninja run by hand) the wrapper compiles as it always did.
     */
    private static final String TO_SERVER = "if [ -z \"${LADING_COMPILE_DIRECT:-}\" ] && [ -f \"${0%/*}/"
            + CompileServer.FILE + "\" ]; then\n"
            + "  for arg do\n"
            + "    if [ \"$arg\" = -c ] && command -v bash >/dev/null 2>&1; then exec bash \"${0%/*}/" + CLIENT
            + "\" \"$0\" \"$@\"; fi\n"
            + "  done\n"
            + "fi\n";
    /**
     * Sends the compile (the wrapper, its arguments and the physical working directory) to the server and prints
     * what the compiler printed as its standard error; runs the wrapper itself when no server answers.
     */
    private static final String CLIENT_SCRIPT = """
            #!/bin/bash
            # lading: hands a compile to the lading build serving these wrappers (see compile-server). Generated.
            wrapper=$1
            shift
            # a server that turns the request down closes the connection: a failed write, not the end of the client
            trap '' PIPE
            direct() {
              trap - PIPE
              LADING_COMPILE_DIRECT=1 exec "$wrapper" "$@"
            }
            read -r port token 2>/dev/null < "${wrapper%/*}/compile-server" || direct "$@"
            { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || direct "$@"
            # cd -P sets PWD to the physical directory without a subshell; one printf sends the request in one write
            cd -P . || direct "$@"
            printf '%s\\0' "$token" "$PWD" "$(($# + 1))" "$wrapper" "$@" >&3 || direct "$@"
            code=
            read -r code <&3
            case $code in
              ''|*[!0-9]*) exec 3<&-; direct "$@" ;;
            esac
            # the compiler's messages, printed by bash itself: a cat would cost a process on every compile
            output=
            IFS= read -r -d '' output <&3
            printf '%s' "$output" >&2
            exit "$code"
            """;

    Wrappers(Path cc, Path cxx, Path ar, Path ranlib) {
        this(cc, cxx, ar, ranlib, null);
    }

    Path driver(Language language) {
        return language == Language.CXX ? cxx : cc;
    }

    /**
     * @param leadingFlags flags before the caller's, such as the prefix maps of reproducible builds
     * @param environment  variables every tool gets, such as {@code SOURCE_DATE_EPOCH}
     */
    static Wrappers write(Path directory, Toolchain toolchain, ToolchainTarget target, List<String> leadingFlags,
                          Map<String, String> environment) throws IOException {
        return write(directory, toolchain, target, leadingFlags, environment, null);
    }

    /** @param hostPkgConfig the host's pkg-config (or pkgconf), which the target's pkg-config wrapper runs */
    static Wrappers write(Path directory, Toolchain toolchain, ToolchainTarget target, List<String> leadingFlags,
                          Map<String, String> environment, Path hostPkgConfig) throws IOException {
        Map<String, String> variables = new TreeMap<>(environment);
        variables.putAll(toolchain.environment());
        Optional<PackageSysroot> packages = toolchain.packages(target);
        Wrappers wrappers = new Wrappers(directory.resolve(Language.C.driver), directory.resolve(Language.CXX.driver),
                directory.resolve("ar"), directory.resolve("ranlib"),
                packages.isPresent() && hostPkgConfig != null ? directory.resolve("pkg-config") : null);
        if (wrappers.pkgConfig() != null) {
            BuildDirectory.writeIfChanged(wrappers.pkgConfig(),
                    pkgConfigScript(packages.get(), target, hostPkgConfig), true);
        }
        for (Language language : Language.values()) {
            BuildDirectory.writeIfChanged(wrappers.driver(language),
                    compilerScript(toolchain, target, language, leadingFlags, variables), true);
        }
        BuildDirectory.writeIfChanged(directory.resolve(CLIENT), CLIENT_SCRIPT, true);
        String what = toolchain.name() + " for " + target.platform();
        BuildDirectory.writeIfChanged(wrappers.ar(),
                script("ar of " + what, variables, "", exec(toolchain.archiver(), List.of())), true);
        BuildDirectory.writeIfChanged(wrappers.ranlib(),
                script("ranlib of " + what, variables, "", exec(toolchain.ranlib(), List.of())), true);
        return wrappers;
    }

    static String compilerScript(Toolchain toolchain, ToolchainTarget target, Language language, List<String> leadingFlags,
                                 Map<String, String> environment) {
        String what = toolchain.name() + " " + language.driver + " for " + target.platform();
        Optional<String> refusal = toolchain.refusal(target, language);
        if (refusal.isPresent()) {
            return script(what, Map.of(), "", "echo " + quote(REFUSAL + refusal.get()) + " >&2\nexit 2");
        }
        StringBuilder body = new StringBuilder();
        // Debug info records the working directory, also in the libc and libc++ zig builds into its cache. LLVM
        // takes $PWD for it when $PWD names the working directory, and this name does in every directory.
        body.append("export PWD=/proc/self/cwd\n");
        body.append("link=yes\nexecutable=yes\ndebug=\n");
        body.append("for arg do\n  shift\n  case $arg in\n");
        body.append("    -c|-S|-E|-M|-MM) link= ;;\n");
        body.append("    -shared|-r) executable= ;;\n");
        body.append("    -g|-g[123]|-ggdb|-ggdb[0123]|-gdwarf|-gdwarf-[2345]|-gfull|-gline-tables-only) debug=yes ;;\n");
        if (!toolchain.rejectedArguments().isEmpty()) {
            body.append("    ").append(String.join("|", toolchain.rejectedArguments())).append(") continue ;;\n");
        }
        body.append("  esac\n  set -- \"$@\" \"$arg\"\ndone\n");
        body.append("if [ -n \"$link\" ]; then\n");
        body.append("  set -- \"$@\"").append(quoted(toolchain.linkFlags(target))).append('\n');
        appendWhen(body, "-z \"$debug\"", toolchain.linkFlagsWithoutDebugInfo());
        appendWhen(body, "-n \"$executable\"", toolchain.executableFlags(target));
        body.append("fi\n");
        List<String> command = new ArrayList<>(toolchain.driver(language));
        command.addAll(leadingFlags);
        return script(what, TO_SERVER, environment, body.toString(), exec(command, toolchain.targetFlags(target)));
    }

    /**
     * pkg-config reading the target's {@code .pc} files only, never the host's: they name {@code /usr/...} paths,
     * which {@code PKG_CONFIG_SYSROOT_DIR} puts below the sysroot. {@code usr/include}, which the compilers search
     * anyway, is left out of the flags: as {@code -I} it would put the sysroot's glibc headers before zig's own.
     */
    static String pkgConfigScript(PackageSysroot sysroot, ToolchainTarget target, Path hostPkgConfig) {
        Map<String, String> variables = new TreeMap<>();
        variables.put("PKG_CONFIG_SYSROOT_DIR", sysroot.root().toString());
        variables.put("PKG_CONFIG_LIBDIR", String.join(":",
                sysroot.pkgConfigDirectories(target).stream().map(Path::toString).toList()));
        // pkgconf 1.8 compares the paths with the sysroot put in front, other versions without it
        variables.put("PKG_CONFIG_SYSTEM_INCLUDE_PATH", "/usr/include:" + sysroot.root().resolve("usr/include"));
        return script("pkg-config for the packages of " + target.platform(), variables, "unset PKG_CONFIG_PATH\n",
                exec(List.of(hostPkgConfig.toString()), List.of()));
    }

    /** A line that adds flags to a link when a shell test holds. */
    private static void appendWhen(StringBuilder body, String test, List<String> flags) {
        if (!flags.isEmpty()) {
            body.append("  if [ ").append(test).append(" ]; then set -- \"$@\"").append(quoted(flags)).append("; fi\n");
        }
    }

    private static String script(String what, Map<String, String> environment, String body, String exec) {
        return script(what, "", environment, body, exec);
    }

    /** @param prologue what runs before the environment is set */
    private static String script(String what, String prologue, Map<String, String> environment, String body,
                                 String exec) {
        StringBuilder text = new StringBuilder("#!/bin/sh\n");
        text.append("# lading: ").append(what).append(". Generated: rewritten when the toolchain changes.\n");
        text.append(prologue);
        environment.forEach((name, value) -> text.append("export ").append(name).append('=').append(quote(value))
                .append('\n'));
        return text.append(body).append(exec).append('\n').toString();
    }

    /** The exec line: the program and the words around the caller's arguments. */
    private static String exec(List<String> before, List<String> after) {
        return "exec" + quoted(before) + " \"$@\"" + quoted(after);
    }

    /** Each word single-quoted for sh, each after a space. */
    static String quoted(List<String> words) {
        StringBuilder text = new StringBuilder();
        words.forEach(word -> text.append(' ').append(quote(word)));
        return text.toString();
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
