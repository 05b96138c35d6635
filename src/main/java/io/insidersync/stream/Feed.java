package io.insidersync.stream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A step that items are pushed through one at a time: each item in may give items out, now or once a later item (or
 * the end) shows that a group it belongs to is over. The sync pushes each row of a window as it arrives (from Camel's
 * splitter, through the aggregator); a replay pulls a file's records through the same steps ({@link #pull}). A step
 * holds only what it must until a group is over, so memory does not grow with the window.
 *
 * @param <I> the items in
 * @param <O> the items out
 */
public interface Feed<I, O> {

    /** Takes the next item; hands on what it completes, in order. */
    void offer(I item, Consumer<? super O> out);

    /** There are no more items: hands on what is still held. */
    void finish(Consumer<? super O> out);

    /** This step, then {@code next} on what it hands on. */
    default <P> Feed<I, P> then(Feed<? super O, P> next) {
        Feed<I, O> first = this;
        return new Feed<>() {
            /** The consumer handed to the first step for the last {@code out}: made once, not for every item. */
            private Consumer<? super P> lastOut;
            private Consumer<O> toNext;

            @Override
            public void offer(I item, Consumer<? super P> out) {
                if (out != lastOut) {
                    lastOut = out;
                    toNext = middle -> next.offer(middle, out);
                }
                first.offer(item, toNext);
            }

            @Override
            public void finish(Consumer<? super P> out) {
                first.finish(middle -> next.offer(middle, out));
                next.finish(out);
            }
        };
    }

    /** The items {@code feed} hands on, pulled through it from {@code input} as they are asked for. */
    static <I, O> Iterator<O> pull(Iterator<? extends I> input, Feed<? super I, O> feed) {
        return new Iterator<>() {
            private final Deque<O> ready = new ArrayDeque<>();
            private boolean finished;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty()) {
                    if (input.hasNext()) {
                        feed.offer(input.next(), ready::add);
                    } else if (!finished) {
                        finished = true;
                        feed.finish(ready::add);
                    } else {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public O next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }
}
