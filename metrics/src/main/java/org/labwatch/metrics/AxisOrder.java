package org.labwatch.metrics;

/**
 * The order of a series' values along one axis (step or time), ties in recording order, kept up to
 * date as values are appended. Values nearly always come in order, and then no index is held at
 * all; the first value out of order makes a permutation, which later values extend (in place when
 * they come in order again) or are merged into.
 *
 * <p>Readers may keep a permutation array with its length: it is never changed below that length,
 * only extended beyond it or replaced by a new array.
 */
final class AxisOrder {

    /** Positions in recording order, sorted along the axis; null while that is the recording order itself. */
    private int[] perm;

    private int covered;
    private long maxKey = Long.MIN_VALUE;

    /** The order of the first {@code size} values with these keys; null for recording order. */
    int[] update(long[] keys, int size) {
        if (covered == size) {
            return perm;
        }
        int from = covered;
        if (perm == null) {
            while (from < size && keys[from] >= maxKey) {
                maxKey = keys[from];
                from++;
            }
            covered = from;
            if (from == size) {
                return null;
            }
            perm = new int[Math.max(16, size + size / 4)];
            for (int i = 0; i < from; i++) {
                perm[i] = i;
            }
        }
        int[] tail = sortedTail(keys, from, size);
        if (keys[tail[0]] >= maxKey) {
            if (perm.length < size) {
                perm = java.util.Arrays.copyOf(perm, size + size / 4);
            }
            System.arraycopy(tail, 0, perm, from, tail.length);
        } else {
            perm = merge(perm, from, tail, keys, size);
        }
        maxKey = Math.max(maxKey, keys[tail[tail.length - 1]]);
        covered = size;
        return perm;
    }

    /** Positions {@code [from, size)} stably sorted by key (bottom-up merge sort). */
    static int[] sortedTail(long[] keys, int from, int size) {
        int n = size - from;
        int[] a = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            a[i] = from + i;
            if (i > 0 && keys[from + i] < keys[from + i - 1]) {
                sorted = false;
            }
        }
        if (sorted) {
            return a;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // <= keeps equal keys in recording order
                    b[k++] = keys[a[i]] <= keys[a[j]] ? a[i++] : a[j++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** A new array: the first {@code count} of {@code sorted} merged with {@code tail}, earlier positions first on ties. */
    private static int[] merge(int[] sorted, int count, int[] tail, long[] keys, int size) {
        int[] out = new int[Math.max(16, size + size / 4)];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < count && j < tail.length) {
            out[k++] = keys[sorted[i]] <= keys[tail[j]] ? sorted[i++] : tail[j++];
        }
        while (i < count) {
            out[k++] = sorted[i++];
        }
        while (j < tail.length) {
            out[k++] = tail[j++];
        }
        return out;
    }
}
