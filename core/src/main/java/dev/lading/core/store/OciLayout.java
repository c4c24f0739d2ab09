package dev.lading.core.store;

import dev.lading.core.InputException;
import dev.lading.core.io.FileTrees;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * An OCI image layout on disk ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}). It is both lading's
 * content store and the {@code type=oci} output. Blobs go through {@link BlobWriter} (temp file, verify, atomic
 * rename), and {@code index.json} is rewritten under a lock, so two builds can share one layout.
 */
public final class OciLayout implements Documents {
    private static final byte[] LAYOUT_MARKER = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path blobs;

    private OciLayout(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
    }

    /** Opens a layout, creating it when the directory is missing or empty; refuses any other directory. */
    public static OciLayout openOrCreate(Path root) throws IOException {
        if (Files.isDirectory(root) && isLayout(root)) {
            return open(root);
        }
        if (Files.exists(root) && !FileTrees.isEmptyDirectory(root)) {
            throw new InputException(root + " exists and is not an OCI image layout; choose another dest or remove it");
        }
        Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        writeAtomically(root.resolve("oci-layout"), LAYOUT_MARKER);
        writeAtomically(root.resolve("index.json"), Json.bytes(new Index(MediaTypes.OCI_INDEX, List.of(), Map.of())));
        return new OciLayout(root);
    }

    /** Opens an existing layout. */
    public static OciLayout open(Path root) throws IOException {
        if (!isLayout(root)) {
            throw new InputException(root + " is not an OCI image layout (no oci-layout file)");
        }
        requireKnownVersion(root.resolve("oci-layout"));
        Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        return new OciLayout(root);
    }

    /** A later layout version may change what its files mean: reading it as 1.x could pick the wrong image. */
    private static void requireKnownVersion(Path marker) throws IOException {
        String version;
        try {
            version = Json.mapper().readTree(Files.readAllBytes(marker)).path("imageLayoutVersion").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(marker + " is not JSON: " + e.getOriginalMessage());
        }
        if (!version.startsWith("1.")) {
            throw new InputException(marker + " says imageLayoutVersion " + (version.isEmpty() ? "(none)" : "'"
                    + version + "'") + "; lading reads OCI image layouts of version 1.x");
        }
    }

    /** The content of the {@code oci-layout} file. */
    public static byte[] layoutMarker() {
        return LAYOUT_MARKER.clone();
    }

    public static boolean isLayout(Path dir) {
        return Files.isRegularFile(dir.resolve("oci-layout"));
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest digest) {
        requireSha256(digest);
        return blobs.resolve(digest.hex());
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    public BlobWriter newBlobWriter() throws IOException {
        return new BlobWriter(blobs);
    }

    /** Stores serialized bytes (a config, manifest or index) and returns their descriptor. */
    public Descriptor put(Blob blob) throws IOException {
        if (!has(blob.digest())) {
            try (BlobWriter writer = newBlobWriter()) {
                writer.write(blob.bytes());
                writer.commit(blob.digest());
            }
        }
        return blob.descriptor();
    }

    /** Reads a small blob whole, checking its size and digest against the descriptor. */
    public byte[] read(Descriptor descriptor) throws IOException {
        Path path = blobPath(descriptor.digest());
        if (!Files.isRegularFile(path)) {
            throw new IOException("blob " + descriptor.digest() + " is missing from " + root);
        }
        long size = Files.size(path);
        if (size != descriptor.size()) {
            throw new IOException("blob " + descriptor.digest() + " in " + root + " has " + size
                    + " bytes, its descriptor says " + descriptor.size());
        }
        byte[] bytes = Files.readAllBytes(path);
        Digest actual = Digest.sha256(bytes);
        if (!actual.equals(descriptor.digest())) {
            throw new DigestMismatchException("blob in " + root, descriptor.digest(), actual);
        }
        return bytes;
    }

    @Override
    public byte[] document(Descriptor descriptor) throws IOException {
        return read(descriptor);
    }

    public InputStream open(Digest digest) throws IOException {
        return Files.newInputStream(blobPath(digest));
    }

    public Index index() throws IOException {
        return Json.parse(Files.readAllBytes(root.resolve("index.json")), Index.class, root + "/index.json");
    }

    /** Rewrites index.json under a lock that other threads and processes honour too. */
    public Index updateIndex(UnaryOperator<Index> change) throws IOException {
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(root.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(root.resolve("oci-layout"), StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Index updated = change.apply(index());
            writeAtomically(root.resolve("index.json"), Json.bytes(updated));
            return updated;
        } finally {
            local.unlock();
        }
    }

    /** Makes a blob of this layout present in {@code target}: a hard link where possible, else a verified copy. */
    public void copyBlobTo(OciLayout target, Descriptor descriptor) throws IOException {
        if (target.has(descriptor.digest())) {
            return;
        }
        Path source = blobPath(descriptor.digest());
        Path destination = target.blobPath(descriptor.digest());
        try {
            Files.createLink(destination, source);
            return;
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException | UnsupportedOperationException e) {
            // another file system or no hard links: copy through a verifying writer instead
        }
        try (InputStream in = Files.newInputStream(source); BlobWriter writer = target.newBlobWriter()) {
            in.transferTo(writer);
            writer.commit(descriptor.digest());
        }
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".tmp-", "");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void requireSha256(Digest digest) {
        if (!digest.algorithm().equals("sha256")) {
            throw new IllegalArgumentException("the layout stores sha256 blobs only, not " + digest);
        }
    }
}
