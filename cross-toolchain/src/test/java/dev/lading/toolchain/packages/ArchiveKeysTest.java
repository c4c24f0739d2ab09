package dev.lading.toolchain.packages;

import dev.lading.core.InputException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveKeysTest {
    @TempDir
    Path dir;

    @Test
    void shipsDebiansBookwormAndTrixieArchiveKeys() {
        ArchiveKeys keys = ArchiveKeys.shipped();
        // primary key ids of the stable release keys and the archive's automatic signing keys, and a signing subkey
        for (String id : new String[] {"762F67A0B2C39DE4", "225629DF75B188BD", "78DBA3BC47EF2265",
                "F8D2585B8783D481", "B7C5D7D6350947F8", "9904613D4CCE68C6", "254CF3B5AEC0A8F0"}) {
            assertTrue(keys.keyIds().contains(id), id + " in " + keys.keyIds());
            assertNotNull(keys.key(Long.parseUnsignedLong(id, 16)));
        }
        assertEquals(10, keys.keyIds().size()); // six primary keys, four signing subkeys
    }

    @Test
    void aKeyringAddsKeysBinaryOrArmoredEvenSeveralBlocks() throws IOException {
        TestKey one = TestKey.generate("One <one@example.org>");
        TestKey two = TestKey.generate("Two <two@example.org>");
        Path binary = Files.write(dir.resolve("one.gpg"), one.publicKeyring(false));
        Path armored = dir.resolve("both.asc");
        Files.write(armored, (new String(one.publicKeyring(true), StandardCharsets.US_ASCII) + "\n"
                + new String(two.publicKeyring(true), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
        assertNull(ArchiveKeys.shipped().key(one.pair().getKeyID()));
        assertNotNull(ArchiveKeys.shipped().withKeyring(binary).key(one.pair().getKeyID()));
        ArchiveKeys both = ArchiveKeys.shipped().withKeyring(armored);
        assertNotNull(both.key(one.pair().getKeyID()));
        assertNotNull(both.key(two.pair().getKeyID()));
        assertNotNull(both.key(0x762F67A0B2C39DE4L));
    }

    @Test
    void aKeyringThatIsNoneIsBadInputNamingTheFile() throws IOException {
        Path garbage = Files.writeString(dir.resolve("keys.gpg"), "these are not keys\n");
        InputException e = assertThrows(InputException.class, () -> ArchiveKeys.shipped().withKeyring(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
        InputException missing = assertThrows(InputException.class,
                () -> ArchiveKeys.shipped().withKeyring(dir.resolve("absent.gpg")));
        assertTrue(missing.getMessage().startsWith("--package-keyring: cannot read"), missing.getMessage());
    }
}
