/**
 * The {@code lading} command line: {@link dev.lading.cli.Main} and one picocli command class per
 * subcommand, with the option groups several commands share ({@code RegistryFlags}, {@code PackageFlags}, ...).
 * A command maps its flags to calls into core, registry-client and cross-toolchain and its failures to exit
 * codes; the work itself is done there. Progress display is in {@code dev.lading.cli.progress}. Nothing depends
 * on this package.
 */
package dev.lading.cli;
