package dev.lading.cli;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.model.Reference;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.TransferListener;
import dev.lading.registry.sign.Signer;
import dev.lading.core.sign.SigningKey;
import dev.lading.registry.sign.Subjects;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sign", description = "Sign an image in a registry as cosign sign --key does: a simple signing"
        + " payload under the tag sha256-<hex>.sig beside it.")
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key (PREFIX.key of"
            + " lading keygen); its password comes from $LADING_KEY_PASSWORD or the terminal")
    Path keyFile;

    @Parameters(index = "0", paramLabel = "REF", description = "host[:port]/repo[:tag|@digest]")
    String reference;

    @Option(names = "--recursive", description = "Also sign each platform manifest of an index")
    boolean recursive;

    @Mixin
    RegistryFlags registry;

    @Override
    public Integer call() throws Exception {
        Reference ref = Reference.parse(reference);
        SigningKey key = KeyPassword.load(keyFile);
        try (RegistryClient client = registry.client(Credentials.fromEnvironment(), TransferListener.NONE)) {
            Descriptor subject = Subjects.resolve(client, ref);
            Signer signer = new Signer(client, key);
            List<Signer.Signed> signed = recursive
                    ? signer.signImage(ref.name(), subject, client.pull(ref))
                    : List.of(signer.sign(ref.name(), subject.digest()));
            signed.forEach(s -> spec.commandLine().getOut().println(line(s)));
        }
        return 0;
    }

    /** What one signature did, for every command that signs. */
    static String line(Signer.Signed signed) {
        return line(signed.added(), signed.repository(), signed.subject(), signed.tag());
    }

    static String line(boolean added, RepositoryName repository, Digest subject, String tag) {
        return (added ? "signed " : "already signed with this key: ") + repository + "@" + subject + " ("
                + repository + ":" + tag + ")";
    }
}
