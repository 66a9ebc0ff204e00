package org.labwatch.internal.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The one "same version of a file" rule: size, modification time and file key (the inode on Unix).
 * The time alone is not enough: an atomic replace within the same clock tick (file systems with
 * 1 s or coarser times, fast writers) changes only the inode. Kept per file by caches and watches
 * that hold 100,000 of them, so the time is a long, not an object.
 */
public record FileVersion(long size, long modifiedNanos, Object key) {

    public static FileVersion of(BasicFileAttributes a) {
        return new FileVersion(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
    }

    /** An HTTP entity tag for this version (quoted, as ETag wants it). */
    public String etag() {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedNanos)
                + (key == null ? "" : "-" + Integer.toHexString(key.hashCode())) + "\"";
    }
}
