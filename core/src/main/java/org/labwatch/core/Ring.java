package org.labwatch.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The most recent {@code capacity} items; what keeps a status file the same size all run long. */
final class Ring<T> {

    private final int capacity;
    private final ArrayDeque<T> items;

    Ring(int capacity) {
        this.capacity = Math.max(0, capacity);
        this.items = new ArrayDeque<>(Math.min(this.capacity, 256));
    }

    void add(T item) {
        if (capacity == 0) {
            return;
        }
        if (items.size() == capacity) {
            items.pollFirst();
        }
        items.addLast(item);
    }

    T last() {
        return items.peekLast();
    }

    <R> List<R> map(Function<T, R> f) {
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(f.apply(item));
        }
        return out;
    }
}
