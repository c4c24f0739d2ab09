package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
    @Test
    void bothDigestsOfOneRead() {
        // the FIPS 180 test vector "abc"
        Checksums abc = Facts.checksums("abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", abc.sha256());
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", abc.sha1());
    }

    @Test
    void malformedDigestsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Checksums("ABC", "a9993e364706816aba3e25717850c26c9cd0d89d"));
    }
}
