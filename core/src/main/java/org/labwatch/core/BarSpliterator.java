package org.labwatch.core;

import java.util.Spliterator;
import java.util.function.Consumer;

/** Steps a bar as elements pass; the unsplit top part closes the bar when it runs dry. */
final class BarSpliterator<T> implements Spliterator<T> {

    private final Spliterator<T> source;
    private final Bar bar;
    private final boolean top;

    BarSpliterator(Spliterator<T> source, Bar bar, boolean top) {
        this.source = source;
        this.bar = bar;
        this.top = top;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        if (source.tryAdvance(action)) {
            bar.step();
            return true;
        }
        if (top) {
            bar.close();
        }
        return false;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        source.forEachRemaining(item -> {
            action.accept(item);
            bar.step();
        });
        if (top) {
            bar.close();
        }
    }

    @Override
    public Spliterator<T> trySplit() {
        Spliterator<T> part = source.trySplit();
        return part == null ? null : new BarSpliterator<>(part, bar, false);
    }

    @Override
    public long estimateSize() {
        return source.estimateSize();
    }

    @Override
    public java.util.Comparator<? super T> getComparator() {
        return source.getComparator();
    }

    @Override
    public int characteristics() {
        return source.characteristics();
    }
}
