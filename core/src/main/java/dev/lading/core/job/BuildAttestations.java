package dev.lading.core.job;

import dev.lading.core.attest.AttestationManifest;
import dev.lading.core.attest.AttestationOptions;
import dev.lading.core.attest.BuildFacts;
import dev.lading.core.attest.ImageFacts;
import dev.lading.core.attest.ImageFile;
import dev.lading.core.attest.InstalledPackage;
import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.attest.Provenance;
import dev.lading.core.attest.Sbom;
import dev.lading.core.attest.SourceFile;
import dev.lading.core.attest.Statement;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes and stores the attestations of a finished build: per platform image, its provenance and SBOM in one
 * attestation manifest; then the index of the buildx form, which lists those manifests too.
 */
final class BuildAttestations {
    private final OciLayout store;
    /** The directory the build file's paths are relative to. */
    private final Path filesRoot;
    private final ArtifactSource artifacts;
    /** Null for scratch. */
    private final BaseImage base;

    BuildAttestations(OciLayout store, Path filesRoot, ArtifactSource artifacts, BaseImage base) {
        this.store = store;
        this.filesRoot = filesRoot;
        this.artifacts = artifacts;
        this.base = base;
    }

    /** The result with each image's attestation manifest and both indexes; unchanged when none are asked for. */
    BuildResult attach(ImageBuild.Built built, BuildFacts build, AttestationOptions options) throws IOException {
        BuildResult result = built.result();
        if (!options.any()) {
            return result;
        }
        // a file read for several platforms (a src: file, a native source), or unchanged since, is hashed once
        ChecksumCache checksums = new ChecksumCache(store);
        List<BuildResult.PlatformImage> images = new ArrayList<>();
        for (BuildResult.PlatformImage image : result.images()) {
            ImageFacts facts = facts(image, built.files().get(image.platform()),
                    built.packages().getOrDefault(image.platform(), List.of()), checksums);
            List<Statement> statements = new ArrayList<>();
            if (options.provenance()) {
                statements.add(Provenance.statement(build, facts));
            }
            if (options.sbom()) {
                statements.add(Sbom.statement(build, facts));
            }
            images.add(image.withAttestation(AttestationManifest.store(store, image.manifest(), statements)));
        }
        checksums.save();
        Descriptor buildx = buildxIndex(result.index(), images);
        Descriptor pushed = options.format() == AttestationOptions.Format.BUILDX ? buildx : result.index();
        return new BuildResult(pushed, buildx, images);
    }

    private ImageFacts facts(BuildResult.PlatformImage image, List<LayerFiles.AddedFile> added,
                             List<InstalledPackage> packages, ChecksumCache checksums) throws IOException {
        List<ImageFile> files = new ArrayList<>();
        for (LayerFiles.AddedFile file : added) {
            files.add(new ImageFile(file.imagePath(), checksums.of(file.file(filesRoot)), file.source()));
        }
        NativeToolchain toolchain = artifacts.toolchain(image.platform()).orElse(null);
        List<SourceFile> sources = new ArrayList<>();
        if (toolchain != null) {
            for (Path source : toolchain.sources()) {
                sources.add(new SourceFile(source.toString(), checksums.of(filesRoot.resolve(source))));
            }
        }
        ImageFacts.Base from = null;
        if (base != null) {
            from = new ImageFacts.Base(base.name(), base.platforms().get(image.platform()).manifest().digest());
        }
        return new ImageFacts(image.platform(), image.manifest(), files, toolchain, sources, from, packages);
    }

    /** The platform index with each attestation after the platform manifests, marked as buildx marks them. */
    private Descriptor buildxIndex(Descriptor platformIndex, List<BuildResult.PlatformImage> images)
            throws IOException {
        Index index = store.index(platformIndex);
        List<Descriptor> entries = new ArrayList<>(index.manifests());
        for (BuildResult.PlatformImage image : images) {
            entries.add(AttestationManifest.indexEntry(image.attestation(), image.manifest()));
        }
        return store.put(Blob.json(platformIndex.mediaType(), index.withManifests(entries)));
    }
}
