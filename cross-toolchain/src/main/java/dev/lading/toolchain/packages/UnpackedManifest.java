package dev.lading.toolchain.packages;

import dev.lading.core.layer.LayerEntry.Type;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text file describing an unpacked tree: one tab-separated record a line, tabs, newlines and backslashes in
 * values escaped. Plain text rather than JSON because it is read on every build that reuses the tree, and a JSON
 * mapper's start-up would cost more than reading it.
 * <pre>
 * lading-unpacked 1
 * package NAME SCRIPT,SCRIPT
 * field NAME VALUE          (the control paragraph of the package above, in order)
 * md5sums TEXT
 * entry PATH TYPE MODE(octal) UID GID PACKAGE(- for none) TARGET(empty unless a symlink)
 * </pre>
 */
final class UnpackedManifest {
    private static final String HEADER = "lading-unpacked 1";

    private UnpackedManifest() {
    }

    static void write(Path file, List<UnpackedDebs.Package> packages, List<UnpackedDebs.Entry> entries)
            throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            out.write(HEADER + "\n");
            for (UnpackedDebs.Package pkg : packages) {
                line(out, "package", pkg.name(), String.join(",", pkg.maintainerScripts()));
                for (Map.Entry<String, String> field : pkg.control().entrySet()) {
                    line(out, "field", field.getKey(), field.getValue());
                }
                if (pkg.md5sums() != null) {
                    line(out, "md5sums", pkg.md5sums());
                }
            }
            for (UnpackedDebs.Entry entry : entries) {
                line(out, "entry", entry.path(), entry.type().name(), Integer.toOctalString(entry.mode()),
                        Integer.toString(entry.uid()), Integer.toString(entry.gid()),
                        entry.pkg() == null ? "-" : entry.pkg(), entry.target() == null ? "" : entry.target());
            }
        }
    }

    /** The packages and entries of {@code file}, or an IOException saying what is wrong with it. */
    static Map.Entry<List<UnpackedDebs.Package>, List<UnpackedDebs.Entry>> read(Path file) throws IOException {
        List<UnpackedDebs.Package> packages = new ArrayList<>();
        List<UnpackedDebs.Entry> entries = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            if (!HEADER.equals(in.readLine())) {
                throw new IOException(file + " does not start with '" + HEADER + "'");
            }
            String name = null;
            List<String> scripts = List.of();
            Map<String, String> control = new LinkedHashMap<>();
            String md5sums = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] fields = line.split("\t", -1);
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = unescape(fields[i]);
                }
                switch (fields[0]) {
                    case "package" -> {
                        if (name != null) {
                            packages.add(new UnpackedDebs.Package(name, control, scripts, md5sums));
                        }
                        name = fields[1];
                        scripts = fields[2].isEmpty() ? List.of() : Arrays.asList(fields[2].split(","));
                        control = new LinkedHashMap<>();
                        md5sums = null;
                    }
                    case "field" -> control.put(fields[1], fields[2]);
                    case "md5sums" -> md5sums = fields[1];
                    case "entry" -> {
                        Type type = Type.valueOf(fields[2]);
                        entries.add(new UnpackedDebs.Entry(fields[1], type, Integer.parseInt(fields[3], 8),
                                Integer.parseInt(fields[4]), Integer.parseInt(fields[5]),
                                type == Type.SYMLINK ? fields[7] : null, fields[6].equals("-") ? null : fields[6]));
                    }
                    default -> throw new IOException(file + " has an unknown record: " + fields[0]);
                }
            }
            if (name != null) {
                packages.add(new UnpackedDebs.Package(name, control, scripts, md5sums));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: " + e, e);
        }
        return Map.entry(packages, entries);
    }

    private static void line(Writer out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            out.write(escape(fields[i]));
        }
        out.write('\n');
    }

    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
