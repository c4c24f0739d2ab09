package dev.lading.core.buildfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.lading.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML text into a {@link YamlNode} tree with Jackson's streaming parser, which reports token lines. */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;

    private YamlReader(YAMLParser parser) {
        this.parser = parser;
    }

    /**
     * The single document in {@code text}, or empty when there is none (blank, or only comments).
     * Syntax errors become one-line {@link InputException}s: Jackson's messages carry source dumps.
     */
    static Optional<YamlNode> read(String text, Path file) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            YamlReader reader = new YamlReader(parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            YamlNode root = reader.value(first, new Origin(file, "", reader.line()));
            if (parser.nextToken() != null) {
                throw new Origin(file, "", reader.line())
                        .error("only one YAML document is allowed; remove the '---' and what follows it");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            // SnakeYAML's exception, passed on as the cause, knows where the problem and its context are.
            if (e.getCause() instanceof MarkedYAMLException marked) {
                throw syntaxError(marked, text, file);
            }
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new Origin(file, "", line).error("invalid YAML: " + clean(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private YamlNode value(JsonToken token, Origin origin) throws IOException {
        return switch (token) {
            case START_OBJECT -> mapping(origin);
            case START_ARRAY -> sequence(origin);
            default -> scalar(token, origin);
        };
    }

    private YamlNode mapping(Origin origin) throws IOException {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.getText();
            Origin keyOrigin = origin.key(key, line());
            rejectAlias(keyOrigin);
            YamlNode previous = entries.get(key);
            if (previous != null) {
                throw keyOrigin.error("duplicate key (first at line " + previous.origin().line() + ")");
            }
            entries.put(key, value(parser.nextToken(), keyOrigin));
        }
        return new YamlNode.Mapping(entries, origin);
    }

    private YamlNode sequence(Origin origin) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            items.add(value(token, origin.item(items.size(), line())));
        }
        return new YamlNode.Sequence(items, origin);
    }

    private YamlNode scalar(JsonToken token, Origin origin) throws IOException {
        rejectAlias(origin);
        return new YamlNode.Scalar(parser.getText(), token == JsonToken.VALUE_NULL, origin);
    }

    /** Jackson reports an alias as a string holding the anchor's name, which would silently be wrong. */
    private void rejectAlias(Origin origin) {
        if (parser.isCurrentAlias()) {
            throw origin.error("YAML aliases (*name) are not supported; write the value out");
        }
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private static InputException syntaxError(MarkedYAMLException e, String text, Path file) {
        Mark problem = e.getProblemMark();
        Mark context = e.getContextMark();
        // At the end of the input ("unexpected end of stream") the construct left open is the useful place.
        Mark where = problem == null || (problem.getIndex() >= text.length() && context != null) ? context : problem;
        String message = clean(e.getProblem());
        if (e.getContext() != null) {
            message += " (" + clean(e.getContext()) + ")";
        }
        int line = where == null ? 0 : where.getLine() + 1;
        return new Origin(file, "", line).error("invalid YAML: " + message);
    }

    /** One line, without Jackson's dump of SnakeYAML event objects. */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable document";
        }
        if (message.startsWith("Expected a field name")) {
            return "a mapping key must be a plain value, not a list or a mapping";
        }
        int dump = message.indexOf("<org.yaml");
        String text = dump < 0 ? message : message.substring(0, dump);
        return Text.escape(text.replaceAll("\\s+", " ").strip().replaceAll("[:,]$", ""));
    }
}
