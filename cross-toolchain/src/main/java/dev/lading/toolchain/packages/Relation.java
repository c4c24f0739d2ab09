package dev.lading.toolchain.packages;

import java.util.ArrayList;
import java.util.List;

/**
 * One package relation as Debian writes it in {@code Depends} and its kin:
 * {@code name[:archqualifier] [(op version)] [[arch list]] [<profiles> ...]}.
 *
 * <p>A relation field is a comma-separated list of groups, each a {@code |}-separated list of alternatives; it is
 * represented as {@code List<List<Relation>>}. Architecture lists ({@code [amd64 !i386]}) decide whether an
 * alternative exists on a given architecture ({@link #appliesTo}). Build profiles ({@code <!nocheck>}) only
 * matter when building source packages: they are kept so that a relation prints as it was written, and
 * otherwise ignored.
 *
 * @param name          the package (or virtual package) name
 * @param archQualifier {@code any}, {@code native}, an architecture name, or null
 * @param op            the version operator, or null for an unversioned relation
 * @param version       the version the operator compares with; null exactly when {@code op} is
 * @param architectures the architecture list, each entry possibly negated with {@code !}; empty when absent
 * @param profiles      the restriction formulas, each a list of (possibly negated) profile names
 */
public record Relation(String name, String archQualifier, Op op, DebianVersion version, List<String> architectures,
                       List<List<String>> profiles) {

    /** The version operators; dpkg still reads the obsolete {@code <} and {@code >} as {@code <=} and {@code >=}. */
    public enum Op {
        EARLIER("<<"), EARLIER_OR_EQUAL("<="), EQUAL("="), LATER_OR_EQUAL(">="), LATER(">>");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** Whether a package of version {@code candidate} satisfies {@code candidate OP reference}. */
        public boolean test(DebianVersion candidate, DebianVersion reference) {
            int order = candidate.compareTo(reference);
            return switch (this) {
                case EARLIER -> order < 0;
                case EARLIER_OR_EQUAL -> order <= 0;
                case EQUAL -> order == 0;
                case LATER_OR_EQUAL -> order >= 0;
                case LATER -> order > 0;
            };
        }

        static Op parse(String symbol) {
            return switch (symbol) {
                case "<<" -> EARLIER;
                case "<=", "<" -> EARLIER_OR_EQUAL;
                case "=" -> EQUAL;
                case ">=", ">" -> LATER_OR_EQUAL;
                case ">>" -> LATER;
                default -> throw new IllegalArgumentException("unknown operator '" + symbol + "'");
            };
        }
    }

    public Relation {
        if (!isPackageName(name)) {
            throw new IllegalArgumentException("malformed package name '" + name + "'");
        }
        if (archQualifier != null && !isArchitecture(archQualifier)) {
            throw new IllegalArgumentException("malformed architecture qualifier '" + archQualifier + "'");
        }
        if ((op == null) != (version == null)) {
            throw new IllegalArgumentException("an operator needs a version and a version an operator");
        }
        architectures = List.copyOf(architectures);
        int negated = 0;
        for (String architecture : architectures) {
            negated += architecture.startsWith("!") ? 1 : 0;
            if (!isArchitecture(architecture.startsWith("!") ? architecture.substring(1) : architecture)) {
                throw new IllegalArgumentException("malformed architecture '" + architecture + "'");
            }
        }
        if (negated != 0 && negated != architectures.size()) {
            throw new IllegalArgumentException("an architecture list is either all negated or none: "
                    + architectures);
        }
        profiles = profiles.isEmpty() ? List.of() : profiles.stream().map(List::copyOf).toList();
        for (List<String> formula : profiles) {
            if (formula.isEmpty()) {
                throw new IllegalArgumentException("empty build profile formula '<>'");
            }
            for (String profile : formula) {
                if (!isProfile(profile.startsWith("!") ? profile.substring(1) : profile)) {
                    throw new IllegalArgumentException("malformed build profile '" + profile + "'");
                }
            }
        }
    }

    /** An unrestricted relation on {@code name}, optionally versioned. */
    public static Relation of(String name, Op op, DebianVersion version) {
        return new Relation(name, null, op, version, List.of(), List.of());
    }

    /**
     * Parses one relation.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Relation parse(String text) {
        try {
            return new Parser(text).relation();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed relation '" + text.strip() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Parses a relation field ({@code Depends}, {@code Pre-Depends}, {@code Provides}...) into its groups of
     * alternatives. A blank field has no groups.
     *
     * @throws IllegalArgumentException naming the relation that is malformed
     */
    public static List<List<Relation>> parseField(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<List<Relation>> groups = new ArrayList<>();
        for (String group : text.split(",", -1)) {
            List<Relation> alternatives = new ArrayList<>();
            for (String alternative : group.split("\\|", -1)) {
                if (alternative.isBlank()) {
                    throw new IllegalArgumentException("empty relation in '" + text.strip() + "'");
                }
                alternatives.add(parse(alternative));
            }
            groups.add(List.copyOf(alternatives));
        }
        return List.copyOf(groups);
    }

    /**
     * The field as it exists on {@code architecture}: alternatives whose architecture list excludes it are gone,
     * and so is a group left without alternatives (as dpkg-gencontrol reduces a source package's relations).
     */
    public static List<List<Relation>> forArchitecture(List<List<Relation>> field, String architecture) {
        List<List<Relation>> reduced = new ArrayList<>();
        for (List<Relation> group : field) {
            List<Relation> kept = group.stream().filter(r -> r.appliesTo(architecture)).toList();
            if (!kept.isEmpty()) {
                reduced.add(kept);
            }
        }
        return List.copyOf(reduced);
    }

    /** A field in Debian's canonical spelling: {@code a (>= 1) | b, c}. */
    public static String format(List<List<Relation>> field) {
        return String.join(", ", field.stream().map(Relation::formatGroup).toList());
    }

    /** One group of alternatives: {@code a (>= 1) | b}. */
    public static String formatGroup(List<Relation> group) {
        return String.join(" | ", group.stream().map(Relation::toString).toList());
    }

    /** Whether the architecture list (if any) includes {@code architecture}; build profiles are not considered. */
    public boolean appliesTo(String architecture) {
        if (architectures.isEmpty()) {
            return true;
        }
        boolean negated = architectures.get(0).startsWith("!");
        boolean listed = architectures.stream()
                .anyMatch(a -> Architectures.matches(architecture, negated ? a.substring(1) : a));
        return negated != listed;
    }

    /** Whether a package of version {@code candidate} meets the version part; an unversioned relation always does. */
    public boolean acceptsVersion(DebianVersion candidate) {
        return op == null || op.test(candidate, version);
    }

    /** The relation without its architecture list and build profiles, as it reads in a resolved package's list. */
    public Relation unrestricted() {
        return new Relation(name, archQualifier, op, version, List.of(), List.of());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        if (archQualifier != null) {
            text.append(':').append(archQualifier);
        }
        if (op != null) {
            text.append(" (").append(op.symbol()).append(' ').append(version).append(')');
        }
        if (!architectures.isEmpty()) {
            text.append(" [").append(String.join(" ", architectures)).append(']');
        }
        for (List<String> formula : profiles) {
            text.append(" <").append(String.join(" ", formula)).append('>');
        }
        return text.toString();
    }

    /**
     * dpkg's rule for package names: an ASCII letter or digit, then letters, digits, {@code + - . _}. (Policy
     * asks for lower case and two characters at least; dpkg, and so the archive, is what lading reads.)
     */
    static boolean isPackageName(String name) {
        if (name == null || name.isEmpty() || !isAlphanumeric(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> isAlphanumeric((char) c) || "+-._".indexOf(c) >= 0);
    }

    /** Architecture names and wildcards: lower-case letters, digits and hyphens. */
    static boolean isArchitecture(String name) {
        return !name.isEmpty()
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    }

    private static boolean isProfile(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '+');
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A cursor over one relation's text. Blanks may separate every token, and may be absent where unambiguous. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Relation relation() {
            String name = word("a package name");
            String qualifier = null;
            if (peek() == ':') {
                at++;
                qualifier = word("an architecture after ':'");
            }
            Op op = null;
            DebianVersion version = null;
            if (skipBlanks() == '(') {
                at++;
                skipBlanks();
                int start = at;
                while (at < text.length() && "<=>".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
                op = Op.parse(text.substring(start, at));
                skipBlanks();
                start = at;
                while (at < text.length() && text.charAt(at) != ')' && !Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                version = DebianVersion.parse(text.substring(start, at));
                expect(')');
            }
            List<String> architectures = new ArrayList<>();
            if (skipBlanks() == '[') {
                at++;
                architectures = list(']');
                if (architectures.isEmpty()) {
                    throw new IllegalArgumentException("empty architecture list '[]'");
                }
            }
            List<List<String>> profiles = new ArrayList<>();
            while (skipBlanks() == '<') {
                at++;
                profiles.add(list('>'));
            }
            if (at < text.length()) {
                throw new IllegalArgumentException("unexpected '" + text.substring(at) + "'");
            }
            return new Relation(name, qualifier, op, version, architectures, profiles);
        }

        /** Blank-separated words up to {@code close}, which is consumed. */
        private List<String> list(char close) {
            List<String> words = new ArrayList<>();
            while (skipBlanks() != close) {
                if (at >= text.length()) {
                    throw new IllegalArgumentException("missing '" + close + "'");
                }
                int start = at;
                while (at < text.length() && text.charAt(at) != close && !Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                words.add(text.substring(start, at));
            }
            at++;
            return words;
        }

        private String word(String what) {
            skipBlanks();
            int start = at;
            while (at < text.length() && "()[]<>:,|".indexOf(text.charAt(at)) < 0
                    && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("expected " + what);
            }
            return text.substring(start, at);
        }

        private void expect(char c) {
            if (skipBlanks() != c) {
                throw new IllegalArgumentException("expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : 0;
        }

        /** Skips blanks (continuation lines included) and returns the next character, or 0 at the end. */
        private char skipBlanks() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return peek();
        }
    }
}
