package dev.lading.toolchain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Makefile rule a compiler writes with {@code -MD -MF FILE}: the files an object was compiled from. */
final class DepFile {
    private DepFile() {
    }

    /** The prerequisites of the first rule, relative ones resolved against {@code directory}. */
    static List<Path> prerequisites(String text, Path directory) {
        String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
        int colon = ruleColon(joined);
        List<Path> files = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = colon + 1; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '\\' && i + 1 < joined.length() && (joined.charAt(i + 1) == ' ' || joined.charAt(i + 1) == '#')) {
                word.append(joined.charAt(++i));
            } else if (c == '$' && i + 1 < joined.length() && joined.charAt(i + 1) == '$') {
                word.append(joined.charAt(++i));
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                add(files, word, directory);
                if (c == '\n') {
                    break;
                }
            } else {
                word.append(c);
            }
        }
        add(files, word, directory);
        return files;
    }

    /** The colon that ends the targets: the first followed by white space or the end (not a drive or a path). */
    private static int ruleColon(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':' && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
                return i;
            }
        }
        return text.length();
    }

    private static void add(List<Path> files, StringBuilder word, Path directory) {
        if (word.length() > 0) {
            files.add(directory.resolve(word.toString()).normalize());
            word.setLength(0);
        }
    }
}
