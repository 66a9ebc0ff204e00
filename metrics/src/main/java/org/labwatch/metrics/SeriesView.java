package org.labwatch.metrics;

/**
 * A series as it was when the view was taken, ordered along one axis: position {@code p} (0 to
 * {@code size - 1}) is the value at index {@link #at at(p)} of the arrays. Safe to read without the
 * run's lock: values are only ever appended beyond {@code size}, and arrays that grow are copies.
 */
record SeriesView(long[] steps, long[] times, double[] values, int size, long[] keys, int[] perm) {

    int at(int position) {
        return perm == null ? position : perm[position];
    }

    long key(int position) {
        return keys[at(position)];
    }

    /** The first position whose key is at least {@code from}. */
    int lowerBound(long from) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (key(mid) < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first position whose key is greater than {@code to}. */
    int upperBound(long to) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (key(mid) <= to) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
