package dev.lading.core.job;

import dev.lading.core.model.Platform;
import java.io.IOException;
import java.util.List;

/**
 * Resolves {@code from:} references; the registry client implements it, so that core builds on registry bases
 * without speaking HTTP.
 */
public interface BaseImageSource {
    /**
     * Resolves {@code reference} to one image per platform: an index by its platform entries (variants
     * included), a single manifest for its own platform only. Fails with a clear message when a platform is
     * missing. The image's layers stay where it names them ({@link BaseImage#origin()}).
     */
    BaseImage resolve(String reference, List<Platform> platforms) throws IOException;

    /** For callers without a registry client: only {@code from: scratch} builds. */
    BaseImageSource NONE = new BaseImageSource() {
        @Override
        public BaseImage resolve(String reference, List<Platform> platforms) {
            throw new dev.lading.core.InputException("base image '" + reference + "' needs a registry client,"
                    + " which this caller does not provide");
        }
    };
}
