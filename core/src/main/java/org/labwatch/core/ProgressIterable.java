package org.labwatch.core;

import java.util.Collection;
import java.util.Iterator;
import java.util.function.Consumer;

/** {@code monitor.progress(items, desc)}: every iteration over it gets a bar that is done when the end is reached. */
final class ProgressIterable<T> implements Iterable<T> {

    private final Iterable<T> items;
    private final String description;
    private final BarBoard board;

    ProgressIterable(Iterable<T> items, String description, BarBoard board) {
        this.items = items;
        this.description = description;
        this.board = board;
    }

    @Override
    public Iterator<T> iterator() {
        long total = items instanceof Collection<?> c ? c.size() : 0;
        return new Counting<>(items.iterator(), board.open(description, total));
    }

    private static final class Counting<T> implements Iterator<T> {
        private final Iterator<T> items;
        private final Bar bar;
        private long n;

        Counting(Iterator<T> items, Bar bar) {
            this.items = items;
            this.bar = bar;
        }

        @Override
        public boolean hasNext() {
            if (items.hasNext()) {
                return true;
            }
            bar.close();
            return false;
        }

        @Override
        public T next() {
            T item = items.next();
            bar.iteratedTo(++n);
            return item;
        }

        @Override
        public void remove() {
            items.remove();
        }

        @Override
        public void forEachRemaining(Consumer<? super T> action) {
            while (hasNext()) {
                action.accept(next());
            }
        }
    }
}
