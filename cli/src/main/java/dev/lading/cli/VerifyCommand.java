package dev.lading.cli;

import dev.lading.cli.progress.SafeText;
import dev.lading.core.LadingException;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Reference;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.TransferListener;
import dev.lading.core.sign.KeyFiles;
import dev.lading.registry.sign.Subjects;
import dev.lading.core.sign.VerificationKey;
import dev.lading.registry.sign.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = "Check an image's signatures (cosign's sha256-<hex>.sig tag) against a"
        + " public key; exit 1 unless at least one is valid.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The public key (PREFIX.pub of lading keygen, cosign.pub, or any PEM P-256 public key)")
    Path keyFile;

    @Parameters(index = "0", paramLabel = "REF", description = "host[:port]/repo[:tag|@digest]")
    String reference;

    @Mixin
    RegistryFlags registry;

    @Override
    public Integer call() throws Exception {
        Reference ref = Reference.parse(reference);
        VerificationKey key = KeyFiles.readVerificationKey(keyFile);
        Verifier.Verification verification;
        String name;
        try (RegistryClient client = registry.client(Credentials.fromEnvironment(), TransferListener.NONE)) {
            Descriptor subject = Subjects.resolve(client, ref);
            name = ref.name() + "@" + subject.digest();
            verification = new Verifier(client, key).verify(ref.name(), subject.digest());
        }
        if (!verification.verified()) {
            String reasons = verification.problem() != null ? verification.problem()
                    : verification.rejected().stream().map(r -> "signature " + r.layer() + ": " + r.reason())
                            .collect(Collectors.joining("; "));
            throw new LadingException("no valid signature for " + name + " with " + keyFile + ": "
                    + SafeText.of(reasons));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Verifier.Valid valid : verification.valid()) {
            out.printf("verified %s: signature %d, identity %s, payload %s%n", name, valid.layer(),
                    SafeText.of(valid.identity()), valid.payload());
        }
        PrintWriter err = spec.commandLine().getErr();
        for (Verifier.Rejected rejected : verification.rejected()) {
            err.printf("note: signature %d is not valid: %s%n", rejected.layer(),
                    SafeText.of(rejected.reason()));
        }
        out.flush();
        err.flush();
        return 0;
    }
}
