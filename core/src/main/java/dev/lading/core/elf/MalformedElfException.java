package dev.lading.core.elf;

/** A file starts with the ELF magic, but its headers point outside it or hold values no ELF file has. */
public final class MalformedElfException extends Exception {
    public MalformedElfException(String message) {
        super(message);
    }
}
