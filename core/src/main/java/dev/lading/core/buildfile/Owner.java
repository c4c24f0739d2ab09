package dev.lading.core.buildfile;

/** Numeric file ownership in a layer; names cannot be resolved without the image's /etc/passwd. */
public record Owner(int uid, int gid) {
    public static final Owner ROOT = new Owner(0, 0);

    public Owner {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
        }
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
