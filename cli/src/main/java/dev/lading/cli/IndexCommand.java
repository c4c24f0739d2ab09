package dev.lading.cli;

import dev.lading.cli.progress.Progress;
import dev.lading.cli.progress.ProgressFlags;
import dev.lading.core.InputException;
import dev.lading.core.model.Reference;
import dev.lading.registry.ImagePusher;
import dev.lading.registry.IndexMerge;
import dev.lading.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "index", description = "Work with multi-platform image indexes in registries.",
        subcommands = {IndexCommand.Create.class, CommandLine.HelpCommand.class})
final class IndexCommand {

    @Command(name = "create", description = "Merge platform images already in registries into one index and push"
            + " it, like docker buildx imagetools create.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-t", "--tag"}, required = true, paramLabel = "REF",
                description = "Where to push the index (repeatable)")
        List<String> tags = new ArrayList<>();

        @Parameters(arity = "1..*", paramLabel = "SOURCE",
                description = "repo@sha256:... (a platform image, or an index whose entries are merged)")
        List<String> sources = new ArrayList<>();

        @Mixin
        RegistryFlags registry;

        @Mixin
        ProgressFlags progress;

        @Override
        public Integer call() throws Exception {
            List<Reference> targets = tags.stream().map(Reference::parse).toList();
            for (Reference target : targets) {
                if (target.digest() != null) {
                    throw new InputException("-t " + target + ": the index gets its digest from its content; name a"
                            + " tag");
                }
            }
            List<Reference> references = sources.stream().map(Reference::parse).toList();
            try (Progress listener = progress.open(spec);
                 RegistryClient client = registry.client(Credentials.fromEnvironment(), listener)) {
                IndexMerge merge = IndexMerge.of(client, references);
                List<String> lines = new ArrayList<>();
                try (ImagePusher pusher = new ImagePusher(client)) {
                    for (Reference target : targets) {
                        ImagePusher.Result result = pusher.push(merge, merge.root(), merge.referrers(), target.name(),
                                List.of(target.tag()));
                        lines.add("pushed " + target + "@" + result.root().digest());
                    }
                }
                listener.close();
                lines.forEach(spec.commandLine().getOut()::println);
            }
            return 0;
        }
    }
}
