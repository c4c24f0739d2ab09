/**
 * The table of the platforms lading builds for: {@link dev.lading.core.platform.Targets} maps each supported
 * OCI platform to one {@link dev.lading.core.platform.Target} row, the single place such facts are written.
 * Uses core.model's {@code Platform} and the core exceptions, nothing else.
 */
package dev.lading.core.platform;
