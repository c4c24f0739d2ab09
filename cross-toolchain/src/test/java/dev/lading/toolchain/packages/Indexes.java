package dev.lading.toolchain.packages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-written {@code Packages} indexes for tests. */
final class Indexes {
    private Indexes() {
    }

    /**
     * The universe of {@code text}, paragraphs with the fields a test is about. {@code Architecture} defaults to
     * {@code architecture}, and {@code Filename}, {@code Size} and {@code SHA256} are filled in as a real index
     * has them.
     */
    static PackageUniverse universe(String architecture, String text) {
        List<Deb822.Paragraph> paragraphs = Deb822.parse(text).stream().map(p -> complete(p, architecture)).toList();
        return PackageUniverse.of(architecture, paragraphs);
    }

    static Deb822.Paragraph complete(Deb822.Paragraph paragraph, String architecture) {
        Map<String, String> fields = new LinkedHashMap<>(paragraph.fields());
        String name = fields.get("Package");
        String version = fields.get("Version");
        fields.putIfAbsent("Architecture", architecture);
        String pool = name.startsWith("lib") ? name.substring(0, 4) : name.substring(0, 1);
        fields.putIfAbsent("Filename", "pool/main/" + pool + "/" + name + "/" + name + "_"
                + version.replaceFirst("^[0-9]+:", "") + "_" + fields.get("Architecture") + ".deb");
        fields.putIfAbsent("Size", String.valueOf(1000 + (name + version).length()));
        fields.putIfAbsent("SHA256", sha256(name + " " + version));
        return new Deb822.Paragraph(fields);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
