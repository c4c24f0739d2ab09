package dev.lading.core.store;

import dev.lading.core.InputException;
import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.io.FileTrees;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * An OCI image layout on disk ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}). It is both lading's
 * content store and the {@code type=oci} output. Blobs go through {@link BlobWriter} (temp file, verify, atomic
 * rename), and {@code index.json} is rewritten under a lock, so two builds can share one layout.
 *
 * <p>The store also keeps {@link BlobStamps}, so that a blob it hands on (a cached layer, a base layer, a blob
 * copied to an output) is checked cheaply and hashed again only when its file changed; a blob that no longer
 * hashes to its digest is removed, to be built or fetched again, and never passed on.
 */
public final class OciLayout implements Documents {
    private static final byte[] LAYOUT_MARKER = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path blobs;
    /** Null for layouts other than the store: outputs and images to push carry nothing of lading's. */
    private final BlobStamps stamps;

    private OciLayout(Path root, BlobStamps stamps) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.stamps = stamps;
    }

    /**
     * Opens (or creates) lading's store: a layout that keeps blob stamps and its caches under
     * {@code lading-cache/}, and whose stale temporary files, left by killed runs, are swept on opening.
     */
    public static OciLayout openStore(Path root) throws IOException {
        Path caches = openOrCreate(root).root.resolve("lading-cache");
        OciLayout store = new OciLayout(root, new BlobStamps(caches.resolve("verified")));
        store.sweepTemporaries();
        TempFiles.sweep(caches, "");
        TempFiles.sweep(caches.resolve("layers"), "");
        return store;
    }

    /** Removes the temporary files that runs killed while writing here left behind (see {@link TempFiles#sweep}). */
    public void sweepTemporaries() {
        TempFiles.sweep(root, "");
        TempFiles.sweep(blobs, "");
    }

    /**
     * Opens a layout, creating it when the directory is missing or empty; refuses any other directory. A new
     * layout is assembled beside {@code root} and renamed into place, so that a run starting at the same moment
     * (two builds on a new store) sees either nothing or a whole layout, and joins the one renamed first.
     */
    public static OciLayout openOrCreate(Path root) throws IOException {
        if (Files.isDirectory(root) && isLayout(root)) {
            return open(root);
        }
        refuseOther(root);
        Path parent = root.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = TempFiles.createDirectory(parent, "." + root.getFileName());
        try {
            Files.createDirectories(temp.resolve("blobs").resolve("sha256"));
            TempFiles.writeAtomically(temp.resolve("oci-layout"), LAYOUT_MARKER);
            TempFiles.writeAtomically(temp.resolve("index.json"),
                    Json.bytes(new Index(MediaTypes.OCI_INDEX, List.of(), Map.of())));
            try {
                // rename(2) replaces an empty directory and fails on anything that appeared since the check above
                Files.move(temp, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!isLayout(root)) {
                    refuseOther(root);
                    throw e;
                }
            }
        } finally {
            FileTrees.deleteRecursively(temp);
        }
        return open(root);
    }

    /** Refuses a {@code root} that exists and is neither a layout nor an empty directory: it is someone's data. */
    public static void refuseOther(Path root) throws IOException {
        if (Files.exists(root) && !isLayout(root) && !FileTrees.isEmptyDirectory(root)) {
            throw new InputException(root + " exists and is not an OCI image layout; choose another dest or remove it");
        }
    }

    /** Opens an existing layout. */
    public static OciLayout open(Path root) throws IOException {
        if (!isLayout(root)) {
            throw new InputException(root + " is not an OCI image layout (no oci-layout file)");
        }
        requireKnownVersion(root.resolve("oci-layout"));
        Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        return new OciLayout(root, null);
    }

    /** A later layout version may change what its files mean: reading it as 1.x could pick the wrong image. */
    private static void requireKnownVersion(Path marker) throws IOException {
        byte[] bytes = Files.readAllBytes(marker);
        String version;
        try {
            version = Json.object(bytes).string("imageLayoutVersion");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(marker + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // JSON of another shape: an array, a version that is not a string
            throw new InputException(marker + " is not an OCI layout marker: " + e.getMessage());
        }
        version = version == null ? "" : version;
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

    /**
     * Removes the blobs that {@code kept} does not name and that were last written before {@code before}: younger
     * ones may belong to a writer (another process) that has not named them yet.
     *
     * @param kept the SHA-256 digests, in hex, of the blobs to keep
     */
    public void removeBlobsExcept(Set<String> kept, Instant before) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    if (name.matches("[0-9a-f]{64}") && !kept.contains(name)
                            && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                        Files.delete(file);
                    }
                } catch (NoSuchFileException e) {
                    // removed by another process's sweep at the same time
                }
            }
        }
    }

    public BlobWriter newBlobWriter() throws IOException {
        return new BlobWriter(blobs, stamps);
    }

    /** Stores serialized bytes (a config, manifest or index) and returns their descriptor. */
    public Descriptor put(Blob blob) throws IOException {
        if (!hasIntact(blob.descriptor())) {
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
            TempFiles.writeAtomically(root.resolve("index.json"), Json.bytes(updated));
            return updated;
        } finally {
            local.unlock();
        }
    }

    /**
     * Whether the blob is here and intact: its size, then its stamp, else its whole content is checked. A blob that
     * is here but damaged is removed, so that the caller builds or fetches it again.
     */
    public boolean hasIntact(Descriptor descriptor) throws IOException {
        Path path = blobPath(descriptor.digest());
        if (!Files.isRegularFile(path)) {
            return false;
        }
        String before;
        try {
            before = BlobStamps.of(path);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (Files.size(path) == descriptor.size()) {
            if (stamps != null && stamps.matches(descriptor.digest(), path)) {
                return true;
            }
            if (hash(path).equals(descriptor.digest())) {
                if (stamps != null) {
                    stamps.record(descriptor.digest(), before);
                }
                return true;
            }
        }
        drop(descriptor.digest(), path, before);
        return false;
    }

    /** The file of an intact blob, to be read or copied out; a damaged one is removed and reported. */
    public Path intactBlob(Descriptor descriptor) throws IOException {
        boolean present = has(descriptor.digest());
        if (hasIntact(descriptor)) {
            return blobPath(descriptor.digest());
        }
        throw new IOException(present
                ? "blob " + descriptor.digest() + " in " + root + " was damaged (its content no longer matches its"
                        + " digest); it was removed, and building again makes or fetches it anew"
                : "blob " + descriptor.digest() + " is missing from " + root);
    }

    /** Copies a blob of this layout into {@code target}, never sharing its file: {@code target} may be edited. */
    public void copyBlobTo(OciLayout target, Descriptor descriptor) throws IOException {
        if (target.hasIntact(descriptor)) {
            return;
        }
        Path source = intactBlob(descriptor);
        Path temp = TempFiles.createFile(target.blobs, "");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target.blobPath(descriptor.digest()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Removes a damaged blob, unless the file changed since it was examined: then another writer has just put a
     * good copy in its place.
     */
    private void drop(Digest digest, Path path, String examined) throws IOException {
        if (stamps != null) {
            stamps.forget(digest);
        }
        try {
            if (BlobStamps.of(path).equals(examined)) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            // removed by another run that found it damaged too
        }
    }

    private static Digest hash(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return DigestingOutputStream.sha256(in);
        }
    }

    private static void requireSha256(Digest digest) {
        if (!digest.algorithm().equals("sha256")) {
            throw new IllegalArgumentException("the layout stores sha256 blobs only, not " + digest);
        }
    }
}
