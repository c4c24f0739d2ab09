package dev.lading.cli;

import dev.lading.core.sign.KeyFiles;
import dev.lading.core.sign.SigningKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keygen", description = "Make an ECDSA P-256 key pair for lading sign and verify (and cosign):"
        + " PREFIX.key, encrypted with $LADING_KEY_PASSWORD or a typed password, and PREFIX.pub.")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "PREFIX", defaultValue = "lading",
            description = "Write PREFIX.key and PREFIX.pub; existing files are never replaced"
                    + " (default: ${DEFAULT-VALUE})")
    Path prefix;

    @Override
    public Integer call() throws Exception {
        KeyFiles.Pair pair = KeyFiles.write(prefix, SigningKey.generate(), KeyPassword::forNewKey);
        spec.commandLine().getOut().printf("wrote %s (private key, encrypted) and %s (public key)%n",
                pair.privateKey(), pair.publicKey());
        return 0;
    }
}
