/**
 * Checks of the executables and shared libraries put into an image, read from their ELF headers without
 * running them: {@link dev.lading.core.elf.ElfCheck} refuses a binary for another CPU, ABI or ARM version, and
 * {@link dev.lading.core.elf.LoaderCheck} an image whose programs would not find their loader or libraries.
 * Every offset and count read from a file is bounded first. Uses core.platform's table, core.layer's view of
 * the image's files, core.io and core.model.
 */
package dev.lading.core.elf;
