package dev.lading.core.buildfile;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value with its origin. Jackson's own tree drops locations, and every build file error must
 * name a line, so the parser works on this small tree instead. The origin of a mapping entry's value is
 * the line of its key, which is where a reader looks for the field.
 */
sealed interface YamlNode {
    Origin origin();

    /** What the value is, for "expected X, got Y" messages. */
    String describe();

    /** A scalar as written in the file: YAML's number and boolean typing is deliberately ignored. */
    record Scalar(String text, boolean isNull, Origin origin) implements YamlNode {
        @Override
        public String describe() {
            return isNull ? "nothing (null)" : Text.quote(text);
        }
    }

    record Sequence(List<YamlNode> items, Origin origin) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** Keys in file order; duplicates are rejected while reading. */
    record Mapping(Map<String, YamlNode> entries, Origin origin) implements YamlNode {
        public Mapping {
            entries = Maps.ordered(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        /** Rejects the first key that is not allowed, suggesting the allowed key it was likely meant to be. */
        void allowOnly(Collection<String> allowed) {
            entries.forEach((key, value) -> {
                if (!allowed.contains(key)) {
                    throw value.origin().error("unknown key " + Text.quote(key) + "; " + DidYouMean.hint(key, allowed));
                }
            });
        }

        /** The value of a key; a key with a null value counts as absent, as YAML users expect. */
        Optional<YamlNode> get(String key) {
            YamlNode value = entries.get(key);
            return value instanceof Scalar s && s.isNull() ? Optional.empty() : Optional.ofNullable(value);
        }

        /** The value of a required key; when it is missing the error points at the mapping (or the empty key). */
        YamlNode require(String key) {
            return get(key).orElseThrow(() -> {
                YamlNode empty = entries.get(key);
                return (empty != null ? empty.origin() : origin.key(key, origin.line())).error("is required");
            });
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }
    }
}
