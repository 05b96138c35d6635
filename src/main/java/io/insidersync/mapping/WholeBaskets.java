package io.insidersync.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.mapping.RowResult.RejectedBasket;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.source.ChangeRow;
import io.insidersync.stream.Feed;

/**
 * A basket is sent whole or not at all. A basket is the lines of one user with one event_group_id that become events:
 * rows inserted within the window with an event name. The window's order (the user's identifier columns, then the
 * basket column) puts them one after another, so the lines of the basket being read are held until the next row shows
 * it has ended. If any line was rejected, every line is set aside together: the rejected ones with their own reasons,
 * the others with a reason naming the rejected line and its rule, so that a replay after the fix sends the basket whole.
 * Rows of the same user and event_group_id that are not lines (an update of an older line) wait with the basket but
 * are never set aside because of it. Only one basket is held at a time, so memory does not grow with the window.
 *
 * <p>Items are pushed through it one at a time ({@link Feed}). It works on any stream of items mapped from one row each (the sync's mapped rows, the replay's records; an item
 * of several rows passes as it is); {@link Items} says how to read an item.
 *
 * @param <T> the items of the stream
 */
public final class WholeBaskets<T> implements Feed<T, T> {

    /** How the items of a stream show their rows. */
    public interface Items<T> {

        /** The change row the item was mapped from, or null for an item of several rows (never part of a basket). */
        ChangeRow row(T item);

        /** The item's rejection, or null when it was mapped. */
        RejectedRow rejection(T item);

        /**
         * What the stream carries for a basket set aside whole.
         *
         * @param lines    the basket's items, in order (the mapped ones among them are now withheld)
         * @param setAside each line with its reason, in the same order
         */
        T setAside(List<T> lines, List<RejectedRow> setAside);
    }

    private final Items<T> items;
    /** The identifier columns then the basket column: the window's order, so equal values mean one basket. */
    private final String[] orderColumns;
    private final String basketColumn;
    private final String eventNameColumn;
    /** The held rows (lines and not), in order; {@code heldPlace} is their user and basket. */
    private final List<T> held = new ArrayList<>();
    private List<Object> heldPlace;

    public WholeBaskets(MappingConfig mapping, Items<T> items) {
        this.items = items;
        this.basketColumn = mapping.eventNameColumn() == null ? null : mapping.eventGroupColumn();
        this.eventNameColumn = mapping.eventNameColumn();
        this.orderColumns = mapping.userColumns().toArray(String[]::new);
    }

    /** How the sync's mapped rows show their rows: each is of one row; a basket set aside is one {@link RejectedBasket}. */
    private static final Items<RowResult> MAPPED_ROWS = new Items<>() {
        @Override
        public ChangeRow row(RowResult item) {
            if (item instanceof MappedRow mapped) {
                return mapped.source();
            }
            return item instanceof RejectedRow rejected ? rejected.source() : null;
        }

        @Override
        public RejectedRow rejection(RowResult item) {
            return item instanceof RejectedRow rejected ? rejected : null;
        }

        @Override
        public RowResult setAside(List<RowResult> lines, List<RejectedRow> setAside) {
            return new RejectedBasket(setAside);
        }
    };

    /** The step for the sync's mapped rows. */
    public static WholeBaskets<RowResult> ofMappedRows(MappingConfig mapping) {
        return new WholeBaskets<>(mapping, MAPPED_ROWS);
    }

    /** The items of {@code input}, each basket whole or set aside whole, as they are asked for. */
    public static <T> Iterator<T> over(Iterator<T> input, MappingConfig mapping, Items<T> items) {
        return Feed.pull(input, new WholeBaskets<>(mapping, items));
    }

    @Override
    public void offer(T item, Consumer<? super T> out) {
        List<Object> place = placeOf(item);
        if (place != null && place.equals(heldPlace)) {
            held.add(item);
            return;
        }
        release(out);
        if (place == null) {
            out.accept(item);
        } else {
            heldPlace = place;
            held.add(item);
        }
    }

    @Override
    public void finish(Consumer<? super T> out) {
        release(out);
    }

    /** The user and basket of an item's row (its values in the window's order columns), or null when it has no basket. */
    private List<Object> placeOf(T item) {
        if (basketColumn == null) {
            return null;
        }
        ChangeRow row = items.row(item);
        if (row == null || RowMapper.present(row.values().get(basketColumn)) == null) {
            return null;
        }
        Object[] place = new Object[orderColumns.length];
        for (int i = 0; i < place.length; i++) {
            place[i] = row.values().get(orderColumns[i]);
        }
        return Arrays.asList(place);
    }

    /** A line of the basket: a row that becomes an event (inserted within the window, with an event name). */
    private boolean isLine(T item) {
        ChangeRow row = items.row(item);
        return row.insertedInWindow() && RowMapper.present(row.values().get(eventNameColumn)) != null;
    }

    /** The held basket has ended: on whole, or, if a line was rejected, set aside whole where its first line was. */
    private void release(Consumer<? super T> out) {
        if (held.isEmpty()) {
            return;
        }
        boolean[] line = new boolean[held.size()];
        List<T> lines = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            T item = held.get(i);
            line[i] = isLine(item);
            if (line[i]) {
                lines.add(item);
                if (items.rejection(item) != null) {
                    rejected.add(items.rejection(item));
                }
            }
        }
        if (rejected.isEmpty()) {
            held.forEach(out);
        } else {
            String reason = withheldReason(rejected);
            List<RejectedRow> setAside = new ArrayList<>(lines.size());
            for (T item : lines) {
                RejectedRow rejection = items.rejection(item);
                setAside.add(rejection != null ? rejection : new RejectedRow(items.row(item), reason));
            }
            // One item for the whole basket, so its records stay together in the dead-letter file for a replay.
            T basket = items.setAside(lines, setAside);
            boolean placed = false;
            for (int i = 0; i < held.size(); i++) {
                if (!line[i]) {
                    out.accept(held.get(i));
                } else if (!placed) {
                    out.accept(basket);
                    placed = true;
                }
            }
        }
        held.clear();
        heldPlace = null;
    }

    private String withheldReason(List<RejectedRow> rejected) {
        RejectedRow first = rejected.get(0);
        String more = rejected.size() == 1 ? "" : " (and " + (rejected.size() - 1) + " more of its lines were rejected)";
        return "basket " + first.source().values().get(basketColumn) + " (column " + basketColumn + "): withheld, because its line "
                + first.source().key() + " was rejected: " + first.reason() + more
                + "; a basket is sent whole or not at all, so this line is set aside with it and replayed with it";
    }
}
