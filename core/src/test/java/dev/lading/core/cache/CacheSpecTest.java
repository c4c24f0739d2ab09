package dev.lading.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.model.Reference;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --cache-to}/{@code --cache-from} values in buildx's CSV form, and every mistake named by its flag. */
class CacheSpecTest {
    @ParameterizedTest
    @EnumSource(CacheSpec.Direction.class)
    void aRegistryCacheNamesItsReference(CacheSpec.Direction direction) {
        CacheSpec spec = CacheSpec.parse("type=registry,ref=registry.example/team/app:cache", direction);

        assertEquals(CacheSpec.Type.REGISTRY, spec.type());
        assertEquals(Reference.parse("registry.example/team/app:cache"), spec.reference());
        assertNull(spec.directory());
        assertEquals(CacheSpec.DEFAULT_MAX_SIZE, spec.maxSize());
        assertEquals("registry.example/team/app:cache", spec.where());
    }

    @ParameterizedTest
    @CsvSource({"TO, dest", "FROM, src"})
    void aLocalCacheNamesItsDirectoryByTheDirectionsKey(CacheSpec.Direction direction, String key) {
        CacheSpec spec = CacheSpec.parse("type=local," + key + "=ci/cache", direction);

        assertEquals(CacheSpec.Type.LOCAL, spec.type());
        assertEquals(Path.of("ci/cache"), spec.directory());
        assertNull(spec.reference());
        assertEquals("ci/cache", spec.where());
    }

    @ParameterizedTest
    @CsvSource({
        "500m, 524288000",
        "2g, 2147483648",
        "1.5GiB, 1610612736",
        "1.5gb, 1610612736",
        "64k, 65536",
        "1t, 1099511627776",
        "123456, 123456",
        "100b, 100",
        "' 3M ', 3145728"})
    void maxSizeTakesDockersUnits(String size, long bytes) {
        assertEquals(bytes, CacheSpec.parse("type=local,dest=d,max-size=" + size, CacheSpec.Direction.TO).maxSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mode=max", "mode=min", "oci-mediatypes=true", "image-manifest=true",
        "compression=zstd", "compression-level=3", "force-compression=true", "ignore-error=true"})
    void buildxKeysAboutBuildkitsCacheAreIgnored(String buildxKey) {
        CacheSpec spec = CacheSpec.parse("type=registry,ref=r.example/a:c," + buildxKey, CacheSpec.Direction.TO);
        assertEquals(Reference.parse("r.example/a:c"), spec.reference());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TO|type=local,dest=d,colour=red|unknown key 'colour'",
        "TO|type=local,src=d|unknown key 'src'",
        "FROM|type=local,dest=d|unknown key 'dest'",
        "FROM|type=registry,ref=r.example/a:c,max-size=1g|unknown key 'max-size'",
        "TO|type=registry|type=registry needs ref=",
        "FROM|type=registry,ref=|type=registry needs ref=",
        "TO|type=local|type=local needs dest=DIR",
        "FROM|type=local,src=|type=local needs src=DIR",
        "TO|ref=r.example/a:c|missing type=",
        "FROM|type=gha|unknown type 'gha'",
        "TO|type=local,dest=d,max-size=lots|max-size 'lots'",
        "TO|type=local,dest=d,max-size=0|max-size '0'",
        "TO|type=local,dest=d,max-size=-5m|max-size '-5m'",
        "TO|type=local,dest=d,max-size=|max-size ''",
        "TO|type=local,dest=d,max-size=NaN|max-size 'NaN'",
        "TO|type=local,dest=d,max-size=Infinity|max-size 'Infinity'",
        "TO|type=local,dest=d,max-size=9999999t|max-size '9999999t'",
        "TO|type=local,dest=d,max-size=10d|max-size '10d'",
        "TO|type=local,dest=d,max-size=1e3|max-size '1e3'",
        "TO|type=local,dest=d,max-size=0x10|max-size '0x10'",
        "TO|type=local,dest=d,max-size=1.5|max-size '1.5'",
        "TO|type=local,dest=d,max-size=5f|max-size '5f'",
        "FROM|type=local|type=local needs src=DIR",
        "TO|registry|expected key=value"})
    void mistakesAreInputErrorsNamingTheFlag(CacheSpec.Direction direction, String text, String fragment) {
        InputException e = assertThrows(InputException.class, () -> CacheSpec.parse(text, direction));
        String flag = direction == CacheSpec.Direction.TO ? "--cache-to" : "--cache-from";
        assertTrue(e.getMessage().startsWith(flag), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
