package dev.lading.toolchain;

import dev.lading.core.platform.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-target {@code cc}, {@code c++}, {@code ar} and {@code ranlib} scripts every build calls, CMake's and the
 * plain one alike. One program path per tool is what CMake, make and configure checks expect; the scripts are also
 * the one place that sets the target, drops arguments the compiler rejects, adds linker flags only to invocations
 * that link (clang warns about them otherwise) and sets the environment, so a build directory's commands can be
 * run again by hand with the same result.
 */
record Wrappers(Path cc, Path cxx, Path ar, Path ranlib) {
    Path driver(Language language) {
        return language == Language.CXX ? cxx : cc;
    }

    /**
     * @param leadingFlags flags before the caller's, such as the prefix maps of reproducible builds
     * @param environment  variables every tool gets, such as {@code SOURCE_DATE_EPOCH}
     */
    static Wrappers write(Path directory, Toolchain toolchain, Target target, List<String> leadingFlags,
                          Map<String, String> environment) throws IOException {
        Map<String, String> variables = new TreeMap<>(environment);
        variables.putAll(toolchain.environment());
        Wrappers wrappers = new Wrappers(directory.resolve(Language.C.driver), directory.resolve(Language.CXX.driver),
                directory.resolve("ar"), directory.resolve("ranlib"));
        for (Language language : Language.values()) {
            BuildDirectory.writeIfChanged(wrappers.driver(language),
                    compilerScript(toolchain, target, language, leadingFlags, variables), true);
        }
        String what = toolchain.name() + " for " + target.platform();
        BuildDirectory.writeIfChanged(wrappers.ar(),
                script("ar of " + what, variables, "", exec(toolchain.archiver(), List.of())), true);
        BuildDirectory.writeIfChanged(wrappers.ranlib(),
                script("ranlib of " + what, variables, "", exec(toolchain.ranlib(), List.of())), true);
        return wrappers;
    }

    static String compilerScript(Toolchain toolchain, Target target, Language language, List<String> leadingFlags,
                                 Map<String, String> environment) {
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
        return script(toolchain.name() + " " + language.driver + " for " + target.platform(), environment,
                body.toString(), exec(command, toolchain.targetFlags(target)));
    }

    /** A line that adds flags to a link when a shell test holds. */
    private static void appendWhen(StringBuilder body, String test, List<String> flags) {
        if (!flags.isEmpty()) {
            body.append("  if [ ").append(test).append(" ]; then set -- \"$@\"").append(quoted(flags)).append("; fi\n");
        }
    }

    private static String script(String what, Map<String, String> environment, String body, String exec) {
        StringBuilder text = new StringBuilder("#!/bin/sh\n");
        text.append("# lading: ").append(what).append(". Generated: rewritten when the toolchain changes.\n");
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
