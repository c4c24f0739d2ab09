package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;
import dev.lading.core.io.FileTrees;
import dev.lading.core.io.TempFiles;
import dev.lading.core.layer.LayerEntry.Type;
import dev.lading.core.layer.LayerTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian packages unpacked, without dpkg or root, into {@code DIRECTORY/root}, with {@code DIRECTORY/unpacked.txt}
 * saying what each path is (type, mode with set-id bits, owner, link target) and which package put it there, and
 * each package's control paragraph, maintainer scripts and {@code md5sums}.
 *
 * <p>The directory appears whole or not at all: everything is written into a temporary sibling named as
 * {@link TempFiles} names them and renamed into place at the end, so a killed run leaves nothing a later run
 * trusts, and any refusal removes what was written. An existing directory is reused as it is: the caller names it
 * by what went into it.
 *
 * <p>Safety: entry names with a {@code ..} component are refused; parents are resolved within the root (see
 * {@link DebTree}), so no write goes through a symlink to outside; a symlink whose target climbs above the root is
 * refused. The merged-/usr links ({@code lib -> usr/lib} and the like) are made first, as an installed trixie
 * system has them, and dropped at the end where no package brought their {@code usr/X}. Packages are unpacked in
 * order: when two ship the same path, the later one's file or link wins (identical
 * copies, the usual case, are no conflict). Hard links inside a package become copies. Files keep their mode's
 * permission bits (set-id bits are in the manifest only); their modification time is the unpacking's, which costs
 * fewer system calls and is what a build comparing times should see for libraries that just arrived. The data parts are
 * decompressed on a small pool of threads, each into its own staging area, and moved into the tree in package
 * order, so the result does not depend on the threads.
 */
public final class UnpackedDebs {
    /** The file in the directory, beside {@code root/}, that describes the tree (see {@link UnpackedManifest}). */
    public static final String MANIFEST = "unpacked.txt";
    /** The directory, beside the manifest, that holds the tree. */
    public static final String ROOT = "root";

    private static final int BUFFER = 1 << 18;
    private static final Set<StandardOpenOption> CREATE_FILE =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** One path of the tree; {@code pkg} is null for what the unpacking implied (parents, merged-/usr links). */
    public record Entry(String path, Type type, int mode, int uid, int gid, String target, String pkg) {
    }

    /** One package as its control part describes it. */
    public record Package(String name, Map<String, String> control, List<String> maintainerScripts, String md5sums) {
        public Package {
            control = Collections.unmodifiableMap(new LinkedHashMap<>(control));
            maintainerScripts = List.copyOf(maintainerScripts);
        }
    }

    private record Manifest(List<Package> packages, List<Entry> entries) {
    }

    /** What a package contributes, staged: its entries in archive order; files already written under stage/. */
    private record Staged(DebArchive archive, List<Item> items) {
    }

    private record Item(List<String> components, Type type, int mode, int uid, int gid, String target, Path staged) {
    }

    private final Path directory;
    private final Manifest manifest;

    private UnpackedDebs(Path directory, Manifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /**
     * Unpacks {@code debs}, in order, into {@code directory} unless it exists already.
     *
     * @param rewriteAbsoluteLinks true for a sysroot, whose absolute links must resolve inside it rather than on
     *                             the host; false for an image's files, where they resolve against the image root
     * @param keep                 which entry paths (root-relative, e.g. {@code usr/share/doc/x/copyright}) to unpack
     */
    public static UnpackedDebs unpack(List<Path> debs, Path directory, boolean rewriteAbsoluteLinks,
                                      Predicate<String> keep) {
        if (Files.isDirectory(directory)) {
            return read(directory);
        }
        Path parent = directory.toAbsolutePath().getParent();
        String name = directory.getFileName().toString();
        Path temp;
        try {
            Files.createDirectories(parent);
            TempFiles.sweep(parent, name);
            temp = TempFiles.createDirectory(parent, name);
        } catch (IOException e) {
            throw new LadingException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        int threads = Math.max(1, Math.min(Math.min(4, Runtime.getRuntime().availableProcessors()), debs.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "lading-unpack");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Manifest manifest = assemble(debs, temp, rewriteAbsoluteLinks, keep, pool);
            pool.shutdown();
            UnpackedManifest.write(temp.resolve(MANIFEST), manifest.packages(), manifest.entries());
            try {
                Files.move(temp, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(directory)) {
                    throw e;
                }
                FileTrees.deleteRecursively(temp); // another run finished the same directory first
                return read(directory);
            }
            return new UnpackedDebs(directory, manifest);
        } catch (IOException | RuntimeException | InterruptedException e) {
            pool.shutdownNow();
            try {
                // the workers must stop writing before their files can be removed
                pool.awaitTermination(1, TimeUnit.MINUTES);
                FileTrees.deleteRecursively(temp);
            } catch (IOException | InterruptedException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof LadingException lading) {
                throw lading;
            }
            String why = e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.toString();
            throw new LadingException("unpacking into " + directory + " failed: " + why, e);
        }
    }

    /** A directory {@link #unpack} made. */
    public static UnpackedDebs read(Path directory) {
        Path file = directory.resolve(MANIFEST);
        try {
            var read = UnpackedManifest.read(file);
            return new UnpackedDebs(directory, new Manifest(read.getKey(), read.getValue()));
        } catch (NoSuchFileException e) {
            throw new LadingException(directory + " is not an unpacked package tree (it has no " + MANIFEST
                    + "): remove it and build again");
        } catch (IOException e) {
            throw new LadingException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The unpacked files. */
    public Path root() {
        return directory.resolve(ROOT);
    }

    /** The packages, in the order they were unpacked. */
    public List<Package> packages() {
        return manifest.packages();
    }

    /** Every path of the tree, parents before children. */
    public List<Entry> entries() {
        return manifest.entries();
    }

    /**
     * For each file and symlink, the package that put it there (after links are followed: a package's
     * {@code lib/x} in a tree where {@code lib -> usr/lib} is recorded as {@code usr/lib/x}).
     */
    public Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Entry entry : manifest.entries()) {
            if (entry.type() != Type.DIRECTORY && entry.pkg() != null) {
                owners.put(entry.path(), entry.pkg());
            }
        }
        return owners;
    }

    private static Manifest assemble(List<Path> debs, Path temp, boolean rewriteAbsoluteLinks,
                                     Predicate<String> keep, ExecutorService pool)
            throws IOException, InterruptedException {
        Path root = Files.createDirectory(temp.resolve(ROOT));
        Path stage = Files.createDirectory(temp.resolve("stage"));
        int umask = umask(stage);
        // the largest first, so that the threads finish together; they are merged in the given order all the same
        List<Integer> bySize = new ArrayList<>();
        long[] sizes = new long[debs.size()];
        for (int i = 0; i < debs.size(); i++) {
            bySize.add(i);
            sizes[i] = Files.size(debs.get(i));
        }
        bySize.sort((a, b) -> Long.compare(sizes[b], sizes[a]));
        List<Future<Staged>> staged = new ArrayList<>(Collections.nCopies(debs.size(), null));
        for (int i : bySize) {
            Path deb = debs.get(i);
            Path area = stage.resolve(Integer.toString(i));
            staged.set(i, pool.submit(() -> stage(deb, area, keep, umask)));
        }
        DebTree tree = new DebTree(root, rewriteAbsoluteLinks);
        tree.mergedUsrLinks();
        List<Package> packages = new ArrayList<>();
        for (Future<Staged> future : staged) {
            Staged next = get(future);
            DebArchive archive = next.archive();
            String pkg = archive.packageName();
            packages.add(new Package(pkg, archive.control().fields(), archive.maintainerScripts(),
                    archive.md5sums().orElse(null)));
            for (Item item : next.items()) {
                switch (item.type()) {
                    case DIRECTORY -> tree.directory(pkg, item.components(), item.mode(), item.uid(), item.gid());
                    case FILE -> tree.file(pkg, item.components(), item.staged(), item.mode(), item.uid(), item.gid());
                    case SYMLINK -> tree.symlink(pkg, item.components(), item.target(), item.uid(), item.gid());
                }
            }
        }
        tree.dropUnusedMergedUsrLinks();
        tree.checkLinks();
        tree.applyDirectoryModes(0777 & ~umask);
        FileTrees.deleteRecursively(stage);
        List<Entry> entries = new ArrayList<>();
        tree.nodes().forEach((path, node) -> entries.add(
                new Entry(path, node.type(), node.mode(), node.uid(), node.gid(), node.target(), node.pkg())));
        entries.sort((a, b) -> LayerTree.PATH_ORDER.compare(a.path(), b.path()));
        return new Manifest(packages, entries);
    }

    private static Staged get(Future<Staged> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new LadingException("unpacking failed: " + cause, cause);
        }
    }

    /** Reads one package and writes its files, flat, into {@code area}; runs on the pool. */
    private static Staged stage(Path deb, Path area, Predicate<String> keep, int umask) throws IOException {
        Files.createDirectory(area);
        List<Item> items = new ArrayList<>();
        Map<String, Path> files = new HashMap<>();
        byte[] buffer = new byte[BUFFER];
        DebArchive archive = DebArchive.read(deb, opened -> (entry, content) -> {
            String pkg = opened.packageName();
            List<String> components = DebPaths.entryComponents(entry.getName());
            if (components == null) {
                throw refused(pkg, deb, entry.getName(), "has a '..' component");
            }
            String path = DebPaths.join(components);
            if (components.isEmpty() || !keep.test(path)) {
                return;
            }
            int mode = entry.getMode() & 07777;
            int uid = (int) entry.getLongUserId();
            int gid = (int) entry.getLongGroupId();
            if (entry.isDirectory()) {
                items.add(new Item(components, Type.DIRECTORY, mode, uid, gid, null, null));
            } else if (entry.isSymbolicLink()) {
                items.add(new Item(components, Type.SYMLINK, 0777, uid, gid, entry.getLinkName(), null));
            } else if (entry.isLink()) {
                List<String> source = DebPaths.entryComponents(entry.getLinkName());
                Path original = source == null ? null : files.get(DebPaths.join(source));
                if (original == null) {
                    throw refused(pkg, deb, entry.getName(),
                            "is a hard link to '" + entry.getLinkName() + "', which is no earlier file of the package");
                }
                Path copy = area.resolve(Integer.toString(items.size()));
                Files.copy(original, copy, StandardCopyOption.COPY_ATTRIBUTES);
                files.put(path, copy);
                items.add(new Item(components, Type.FILE, mode, uid, gid, null, copy));
            } else if (entry.isFile() && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO()) {
                Path file = area.resolve(Integer.toString(items.size()));
                // created with its permissions, so that only a mode the umask cuts needs a chmod of its own
                try (FileChannel out = FileChannel.open(file, CREATE_FILE, PosixFilePermissions.asFileAttribute(
                        Modes.permissions(mode)))) {
                    ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                    for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                        wrapped.clear().limit(n);
                        while (wrapped.hasRemaining()) {
                            out.write(wrapped);
                        }
                    }
                }
                if ((mode & 0777 & umask) != 0) {
                    Files.setPosixFilePermissions(file, Modes.permissions(mode));
                }
                files.put(path, file);
                items.add(new Item(components, Type.FILE, mode, uid, gid, null, file));
            } else {
                throw refused(pkg, deb, entry.getName(), "is a device, a fifo or another kind of entry no package"
                        + " may unpack without root");
            }
        });
        return new Staged(archive, items);
    }

    /** The bits this process's umask clears, seen on a probe file created asking for all of them. */
    private static int umask(Path directory) throws IOException {
        Path probe = directory.resolve("umask");
        Files.createFile(probe, PosixFilePermissions.asFileAttribute(Modes.permissions(0777)));
        int granted = (Integer) Files.getAttribute(probe, "unix:mode") & 0777;
        Files.delete(probe);
        return 0777 & ~granted;
    }

    private static LadingException refused(String pkg, Path deb, String entry, String why) {
        return new LadingException(pkg + " (" + deb.getFileName() + "): entry '" + entry + "' " + why + ": refused");
    }
}
