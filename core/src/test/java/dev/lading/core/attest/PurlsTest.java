package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import org.junit.jupiter.api.Test;

class PurlsTest {
    private static String purl(String reference, String platform) {
        return Purls.image(reference == null ? null : Reference.parse(reference), Platform.parse(platform));
    }

    @Test
    void dockerHubNamesTakeTheirShortForm() {
        assertEquals("pkg:docker/alpine@3.20?platform=linux%2Famd64", purl("alpine:3.20", "amd64"));
        assertEquals("pkg:docker/user/app@latest?platform=linux%2Farm64", purl("user/app", "arm64"));
    }

    @Test
    void otherRegistriesKeepHostAndPort() {
        assertEquals("pkg:docker/localhost:5000/cats/hk@v1?platform=linux%2Farm%2Fv7",
                purl("localhost:5000/cats/hk:v1", "linux/arm/v7"));
    }

    @Test
    void aDigestReferenceIsVersionedByItsDigest() {
        String digest = "sha256:" + "a".repeat(64);
        assertEquals("pkg:docker/registry.example/x@" + digest + "?platform=linux%2Fs390x",
                purl("registry.example/x@" + digest, "linux/s390x"));
    }

    @Test
    void anImageWithoutANameIsLadingImage() {
        assertEquals("pkg:docker/lading-image?platform=linux%2F386", purl(null, "linux/386"));
    }
}
