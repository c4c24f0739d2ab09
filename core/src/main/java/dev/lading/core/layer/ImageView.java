package dev.lading.core.layer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of one platform's image as a container sees them: layers stacked in order, a later layer's entry
 * replacing an earlier one at the same path, and a non-directory hiding whatever an earlier layer put beneath
 * that path. Whiteouts are not modelled: lading's layers write none.
 *
 * @param files    by absolute path ({@code /usr/lib/libz.so.1}), sorted
 * @param complete the files are the whole image. False when a base image may hold files this view does not
 *                 know, so a path missing here may still exist in the image
 */
public record ImageView(Map<String, ImageFile> files, boolean complete) {
    public ImageView {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** An image {@code from: scratch}: the layers are all there is. */
    public static ImageView scratch(List<LayerTree> layers) {
        return over(Map.of(), true, layers);
    }

    /**
     * Layers over a base image.
     *
     * @param base         the base's files as far as they are known (entries marked {@link ImageFile#fromBase()})
     * @param baseComplete {@code base} is all of the base image's files
     */
    public static ImageView over(Map<String, ImageFile> base, boolean baseComplete, List<LayerTree> layers) {
        TreeMap<String, ImageFile> files = new TreeMap<>(base);
        for (LayerTree layer : layers) {
            for (LayerEntry entry : layer.entries()) {
                String path = "/" + entry.path();
                ImageFile below = files.get(path);
                boolean merges = below != null && below.type() == LayerEntry.Type.DIRECTORY
                        && entry.type() == LayerEntry.Type.DIRECTORY;
                if (!merges) {
                    // '0' follows '/', so this range is exactly the paths beneath this one
                    files.subMap(path + "/", path + "0").clear();
                }
                files.put(path, ImageFile.of(entry));
            }
        }
        return new ImageView(files, baseComplete);
    }
}
