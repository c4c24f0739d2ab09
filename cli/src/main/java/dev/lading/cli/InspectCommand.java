package dev.lading.cli;

import dev.lading.core.InputException;
import dev.lading.core.inspect.Inspection;
import dev.lading.core.store.LayoutReference;
import dev.lading.core.store.OciLayout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Parameters(index = "0", paramLabel = "REF", description = "oci:DIR[:TAG]")
    String reference;

    @Option(names = "--raw", description = "Print the manifest or index bytes exactly as stored")
    boolean raw;

    @Option(names = "--json", description = "Print a JSON form that includes each platform's config")
    boolean json;

    @Option(names = "--debug", description = "Print stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (raw && json) {
            throw new InputException("--raw and --json exclude each other");
        }
        if (!LayoutReference.matches(reference)) {
            throw new InputException("'" + reference + "': this version inspects local layouts only (oci:DIR[:TAG]);"
                    + " registry references come with the registry client");
        }
        LayoutReference ref = LayoutReference.parse(reference);
        OciLayout layout = ref.open();
        Inspection inspection = Inspection.of(layout, ref.resolve(layout), reference);
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
