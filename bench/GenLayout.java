import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Writes an OCI layout for the push benchmark: one index of PLATFORMS images, each with LAYERS layers of
 * seeded random bytes (incompressible, all different), about MIB MiB of unique blobs in all. The layers are
 * opaque blobs typed as uncompressed tar, which is all a registry or a copy tool looks at.
 *   java bench/GenLayout.java DIR MIB [LAYERS=4]
 */
public class GenLayout {
    private static final String[][] PLATFORMS = {{"amd64", null}, {"arm64", null}, {"arm", "v7"}};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[1]) << 20;
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long layerSize = total / (PLATFORMS.length * layers);
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Random random = new Random(42);
        List<String> entries = new ArrayList<>();
        for (String[] platform : PLATFORMS) {
            List<String> layerDescriptors = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                String digest = randomBlob(dir, random, layerSize);
                layerDescriptors.add(descriptor("application/vnd.oci.image.layer.v1.tar", digest, layerSize));
                diffIds.add("\"" + digest + "\"");
            }
            String variant = platform[1] == null ? "" : ",\"variant\":\"" + platform[1] + "\"";
            String config = "{\"architecture\":\"" + platform[0] + "\",\"os\":\"linux\"" + variant
                    + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}";
            String configDigest = blob(dir, config.getBytes(StandardCharsets.UTF_8));
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                    config.length()) + ",\"layers\":[" + String.join(",", layerDescriptors) + "]}";
            byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
            String manifestDigest = blob(dir, manifestBytes);
            entries.add(descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifestBytes.length)
                    .replaceFirst("}$", ",\"platform\":{\"architecture\":\"" + platform[0] + "\",\"os\":\"linux\""
                            + variant + "}}"));
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
        String indexDigest = blob(dir, index);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + descriptor("application/vnd.oci.image.index.v1+json", indexDigest, index.length)
                        .replaceFirst("}$", ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"bench\"}}")
                + "]}");
    }

    private static String descriptor(String type, String digest, long size) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static String randomBlob(Path dir, Random random, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Path temp = dir.resolve("blobs/sha256/tmp");
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(temp)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
            }
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        Files.move(temp, dir.resolve("blobs/sha256/" + hex));
        return "sha256:" + hex;
    }

    private static String blob(Path dir, byte[] bytes) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.write(dir.resolve("blobs/sha256/" + hex), bytes);
        return "sha256:" + hex;
    }
}
