package dev.lading.cli;

import dev.lading.core.build.BuildListener;
import dev.lading.registry.TransferListener;

/** What a command shows while it builds and transfers; closed when the command ends, failed or not. */
interface Progress extends BuildListener, TransferListener, AutoCloseable {
    Progress QUIET = new Progress() {
    };

    @Override
    default void close() {
    }
}
