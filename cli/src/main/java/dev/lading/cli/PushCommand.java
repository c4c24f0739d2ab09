package dev.lading.cli;

import dev.lading.cli.progress.Progress;
import dev.lading.cli.progress.ProgressFlags;
import dev.lading.core.InputException;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Reference;
import dev.lading.core.store.LocalImage;
import dev.lading.registry.ImagePusher;
import dev.lading.registry.LayoutContent;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.TransferListener;
import dev.lading.registry.sign.Signer;
import dev.lading.core.sign.SigningKey;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "push", description = "Push an OCI layout (all its platforms) to a registry, like skopeo copy --all.")
final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "oci:DIR[:TAG] or oci-archive:FILE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "REF", description = "host[:port]/repo[:tag]; with @sha256:... by digest only")
    String target;

    @Mixin
    RegistryFlags registry;

    @Mixin
    ProgressFlags progress;

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Sign the pushed image (and each platform manifest of an index) with this private key")
    Path signKey;

    @Override
    public Integer call() throws Exception {
        Reference reference = Reference.parse(target);
        // loaded before anything is pushed: a wrong password must not leave an unsigned image behind
        SigningKey signingKey = signKey == null ? null : KeyPassword.load(signKey);
        try (LocalImage image = LocalImage.open(source);
             Progress listener = progress.open(spec);
             RegistryClient client = registry.client(Credentials.fromEnvironment(), listener)) {
            Descriptor root = image.root();
            if (reference.digest() != null && !reference.digest().equals(root.digest())) {
                throw new InputException(target + " names digest " + reference.digest() + " but " + source
                        + " is " + root.digest());
            }
            List<String> tags = reference.digest() != null ? List.of() : List.of(reference.tag());
            ImagePusher.Result result;
            try (ImagePusher pusher = new ImagePusher(client)) {
                result = pusher.push(new LayoutContent(image.layout()), root, reference.name(), tags);
            }
            List<Signer.Signed> signed = signingKey == null ? List.of() : new Signer(client, signingKey)
                    .signImage(reference.name(), root, image.layout()::read);
            listener.close();
            spec.commandLine().getOut().printf("pushed %s@%s (%d blobs sent, %d already there, %d mounted)%n",
                    reference.name(), result.root().digest(), result.count(TransferListener.Outcome.UPLOADED),
                    result.count(TransferListener.Outcome.EXISTED), result.count(TransferListener.Outcome.MOUNTED));
            signed.forEach(s -> spec.commandLine().getOut().println(SignCommand.line(s)));
        }
        return 0;
    }
}
