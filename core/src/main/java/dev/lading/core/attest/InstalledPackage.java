package dev.lading.core.attest;

/**
 * A distribution package installed into an image, as the SBOM lists it.
 *
 * @param name         e.g. {@code zlib1g}
 * @param version      e.g. {@code 1:1.3.dfsg+really1.3.1-1+deb13u1}
 * @param architecture the package's own architecture, e.g. {@code arm64} or {@code all}
 * @param sha256       of the package file it was unpacked from
 * @param distribution e.g. {@code debian:trixie}
 */
public record InstalledPackage(String name, String version, String architecture, String sha256,
                               String distribution) {
    /** {@code pkg:deb/debian/NAME@VERSION?arch=ARCH}, as syft and trivy write Debian packages. */
    public String purl() {
        String namespace = distribution.substring(0, distribution.indexOf(':'));
        return "pkg:deb/" + namespace + "/" + Purls.encode(name) + "@" + Purls.encode(version) + "?arch="
                + Purls.encode(architecture);
    }
}
