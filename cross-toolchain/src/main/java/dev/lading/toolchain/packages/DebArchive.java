package dev.lading.toolchain.packages;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.lading.core.LadingException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

/**
 * A Debian binary package: an {@code ar} archive of {@code debian-binary} (format 2.x), {@code control.tar[.xz|.gz|
 * .zst]} and {@code data.tar[.xz|.gz|.zst|.bz2]}, in that order, as dpkg requires. {@link #open} reads the small
 * control part whole; {@link #readData} streams the data part, entry by entry, without holding a file in memory.
 * Anything malformed, truncated included, is a {@link LadingException} naming the file.
 */
public final class DebArchive {
    /** The maintainer scripts dpkg would run (or consult); lading never runs them. */
    public static final List<String> MAINTAINER_SCRIPTS =
            List.of("preinst", "postinst", "prerm", "postrm", "triggers", "config");

    private static final int BUFFER = 1 << 16;
    private static final Set<String> DATA_SUFFIXES = Set.of("", ".xz", ".gz", ".zst", ".bz2");
    private static final Set<String> CONTROL_SUFFIXES = Set.of("", ".xz", ".gz", ".zst");

    private final Path file;
    private final Deb822.Paragraph control;
    private final List<String> maintainerScripts;
    private final String md5sums;

    private DebArchive(Path file, Deb822.Paragraph control, List<String> maintainerScripts, String md5sums) {
        this.file = file;
        this.control = control;
        this.maintainerScripts = List.copyOf(maintainerScripts);
        this.md5sums = md5sums;
    }

    /** What {@link #readData} hands over for each data entry; {@code content} is the entry's bytes, not closed. */
    @FunctionalInterface
    public interface DataVisitor {
        void visit(TarArchiveEntry entry, InputStream content) throws IOException;
    }

    /** Reads the package's format and control part. */
    public static DebArchive open(Path file) {
        return read(file, null);
    }

    /**
     * Reads the package's format and control part, then streams its data part's entries, in archive order, to the
     * visitor that {@code visitors} gives for the package (null: the data is not read), in one pass over the file. The compressed data is read to its end, so that a
     * truncated or corrupt package fails here rather than passing as a shorter one.
     */
    public static DebArchive read(Path file, Function<DebArchive, DataVisitor> visitors) {
        try (ArArchiveInputStream ar = openAr(file)) {
            checkFormat(file, ar);
            DebArchive deb = readControl(file, nextMember(file, ar, "control.tar", CONTROL_SUFFIXES), ar);
            ArArchiveEntry member = nextMember(file, ar, "data.tar", DATA_SUFFIXES);
            DataVisitor visitor = visitors == null ? null : visitors.apply(deb);
            if (visitor != null) {
                InputStream bytes = decompress(member, ar);
                try (TarArchiveInputStream tar = tar(bytes)) {
                    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                        visitor.visit(entry, tar);
                    }
                    drain(bytes);
                }
            }
            return deb;
        } catch (IOException | RuntimeException e) {
            throw wrap(file, e);
        }
    }

    private static DebArchive readControl(Path file, ArArchiveEntry member, InputStream ar) throws IOException {
        Deb822.Paragraph control = null;
        List<String> scripts = new ArrayList<>();
        String md5sums = null;
        InputStream bytes = decompress(member, ar);
        try (TarArchiveInputStream tar = tar(bytes)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (!entry.isFile()) {
                    continue;
                }
                if (name.equals("control")) {
                    control = parseControl(file, tar.readAllBytes());
                } else if (name.equals("md5sums")) {
                    md5sums = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                } else if (MAINTAINER_SCRIPTS.contains(name)) {
                    scripts.add(name);
                }
            }
            drain(bytes);
        }
        if (control == null) {
            throw malformed(file, "its control.tar has no control file");
        }
        scripts.sort(Comparator.comparingInt(MAINTAINER_SCRIPTS::indexOf));
        return new DebArchive(file, control, scripts, md5sums);
    }

    public Path file() {
        return file;
    }

    public Deb822.Paragraph control() {
        return control;
    }

    /** The {@code Package} field. */
    public String packageName() {
        return control.get("Package");
    }

    /** The maintainer scripts the package has, in {@link #MAINTAINER_SCRIPTS} order. */
    public List<String> maintainerScripts() {
        return maintainerScripts;
    }

    /** The {@code md5sums} control file as written, when the package has one. */
    public Optional<String> md5sums() {
        return Optional.ofNullable(md5sums);
    }

    /** Streams the data part's entries to {@code visitor}, as {@link #read} does. */
    public void readData(DataVisitor visitor) {
        read(file, deb -> visitor);
    }

    private static ArArchiveInputStream openAr(Path file) throws IOException {
        return new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
    }

    private static void checkFormat(Path file, ArArchiveInputStream ar) throws IOException {
        ArArchiveEntry first = ar.getNextEntry();
        if (first == null || !first.getName().equals("debian-binary")) {
            throw malformed(file, "it does not start with debian-binary");
        }
        String version = new String(ar.readNBytes(16), StandardCharsets.US_ASCII).strip();
        if (!version.matches("2\\.\\d+")) {
            throw malformed(file, "its format is '" + version + "', not 2.x");
        }
    }

    /** The next member, which must be {@code base} with one of {@code suffixes}; members named {@code _*} skipped. */
    private static ArArchiveEntry nextMember(Path file, ArArchiveInputStream ar, String base, Set<String> suffixes)
            throws IOException {
        ArArchiveEntry member = ar.getNextEntry();
        while (member != null && member.getName().startsWith("_")) {
            member = ar.getNextEntry();
        }
        if (member == null) {
            throw malformed(file, "it has no " + base + " member");
        }
        String name = member.getName();
        if (!name.startsWith(base) || !suffixes.contains(name.substring(base.length()))) {
            throw malformed(file, "member '" + name + "' where " + base + " was expected");
        }
        return member;
    }

    /**
     * The member's bytes decompressed. The member is counted so that a file cut short (its {@code ar} header
     * promising more than is there) fails even when the compression itself cannot tell.
     */
    private static InputStream decompress(ArArchiveEntry member, InputStream ar) throws IOException {
        InputStream raw = new ExactLength(ar, member.getLength(), member.getName());
        String name = member.getName();
        InputStream in;
        if (name.endsWith(".xz")) {
            // no CRC64 check: the .deb's SHA-256 was checked before, and the check costs a tenth of the decoding;
            // a stream cut short still fails, as its end is missing
            in = new XZInputStream(new BufferedInputStream(raw, BUFFER), -1, false, BasicArrayCache.getInstance());
        } else if (name.endsWith(".gz")) {
            in = new GZIPInputStream(raw, BUFFER);
        } else if (name.endsWith(".zst")) {
            in = new ZstdInputStreamNoFinalizer(new BufferedInputStream(raw, BUFFER));
        } else if (name.endsWith(".bz2")) {
            in = new BZip2CompressorInputStream(new BufferedInputStream(raw, BUFFER));
        } else {
            return new BufferedInputStream(raw, BUFFER);
        }
        return new BufferedInputStream(in, BUFFER);
    }

    private static TarArchiveInputStream tar(InputStream in) {
        return new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    }

    /** Reads what follows the tar's end marker, so that the decompressor checks its trailer and the length holds. */
    private static void drain(InputStream rest) throws IOException {
        byte[] skip = new byte[BUFFER];
        while (rest.read(skip) >= 0) {
            // the tar's padding: its bytes do not matter, reaching the end does
        }
    }

    private static Deb822.Paragraph parseControl(Path file, byte[] bytes) {
        List<Deb822.Paragraph> paragraphs = Deb822.parse(new String(bytes, StandardCharsets.UTF_8));
        if (paragraphs.size() != 1 || paragraphs.get(0).get("Package") == null) {
            throw malformed(file, "its control file is not one paragraph with a Package field");
        }
        return paragraphs.get(0);
    }

    private static LadingException malformed(Path file, String why) {
        return new LadingException("malformed .deb " + file + ": " + why);
    }

    private static LadingException wrap(Path file, Exception e) {
        if (e instanceof LadingException lading) {
            return lading;
        }
        String why = e instanceof EOFException ? "truncated (" + e.getMessage() + ")"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new LadingException("malformed .deb " + file + ": " + why, e);
    }

    /** A member's bytes, failing when the archive ends before the length its header gives. */
    private static final class ExactLength extends FilterInputStream {
        private final long length;
        private final String name;
        private long read;

        ExactLength(InputStream in, long length, String name) {
            super(in);
            this.length = length;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            int n = super.read(buffer, offset, count);
            count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            read += skipped;
            return skipped;
        }

        @Override
        public void close() {
            // the ar stream stays open for the members that follow
        }

        private void count(int n) throws EOFException {
            if (n >= 0) {
                read += n;
            } else if (read < length) {
                throw new EOFException(name + " ends after " + read + " of its " + length + " bytes");
            }
        }
    }
}
