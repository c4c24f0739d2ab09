/**
 * How a command shows its progress on standard error: {@link dev.lading.cli.progress.Progress} listens to a
 * build ({@code BuildListener}) and a push ({@code TransferListener}) and renders them for {@code --progress}:
 * live lines on a terminal, plain lines, JSON events or nothing. Commands see only {@code ProgressFlags},
 * {@code Progress} and the two text helpers they print with; the renderers stay package-private. Uses the
 * listener interfaces and values of core and registry-client, never the command classes of {@code dev.lading.cli}.
 */
package dev.lading.cli.progress;
