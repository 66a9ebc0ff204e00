package org.labwatch.core;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code monitor.range(n, desc)}: 0 to n-1 with a bar of total n. */
final class RangeIterable implements Iterable<Integer> {

    private final int n;
    private final String description;
    private final BarBoard board;

    RangeIterable(int n, String description, BarBoard board) {
        if (n < 0) {
            throw new IllegalArgumentException("range(" + n + ", \"" + description + "\"): n must not be negative");
        }
        this.n = n;
        this.description = description;
        this.board = board;
    }

    @Override
    public Iterator<Integer> iterator() {
        Bar bar = board.open(description, n);
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                if (i < n) {
                    return true;
                }
                bar.close();
                return false;
            }

            @Override
            public Integer next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                int value = i++;
                bar.iteratedTo(i);
                return value;
            }
        };
    }
}
