package dev.lading.cli;

import dev.lading.core.InputException;
import dev.lading.core.inspect.Inspection;
import dev.lading.core.model.Reference;
import dev.lading.core.store.LocalImage;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.RemoteManifest;
import dev.lading.registry.Repository;
import dev.lading.registry.TransferListener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "inspect", description = "Show an image or index, like docker buildx imagetools inspect.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "REF",
            description = "host[:port]/repo[:tag|@digest], oci:DIR[:TAG] or oci-archive:FILE[:TAG]")
    String reference;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--raw", description = "Print the manifest or index bytes exactly as stored")
    boolean raw;

    @Option(names = "--json", description = "Print a JSON form that includes each platform's config")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (raw && json) {
            throw new InputException("--raw and --json exclude each other");
        }
        Inspection inspection;
        if (LocalImage.matches(reference)) {
            try (LocalImage image = LocalImage.open(reference)) {
                inspection = Inspection.of(image.layout(), image.root(), reference, reference);
            }
        } else {
            Reference ref = Reference.parse(reference);
            try (RegistryClient client = registry.client(Credentials.fromEnvironment(), TransferListener.NONE)) {
                Repository repository = client.pull(ref);
                RemoteManifest root = repository.manifest(ref.tagOrDigest());
                inspection = Inspection.of(repository::document, root.descriptor(), ref.toString(),
                        ref.name() + ref.tagName().map(tag -> ":" + tag).orElse(""),
                        subject -> repository.referrers(subject).manifests());
            }
        }
        if (raw) {
            main.stdout().write(inspection.raw());
            main.stdout().flush();
        } else {
            spec.commandLine().getOut().print(json ? inspection.json() + System.lineSeparator() : inspection.text());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
