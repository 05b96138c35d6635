package io.insidersync.insider;

import java.util.Iterator;
import java.util.function.Consumer;

import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.mapping.RowResult.RejectedBasket;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.stream.Feed;

/**
 * The grouping step: consecutive rows with the same identifiers become one user, so all lines of a basket (one
 * event_group_id) are events of one user object. The window query orders rows by user, then basket, to make that so.
 * Rows and baskets set aside are handed on as they come, without ending the user. Only the user being gathered is held
 * in memory: it is handed on when a row of another user comes, or at the end.
 */
public final class UserGrouping implements Feed<RowResult, Grouped> {

    private InsiderUser gathering;

    /** The rows of {@code rows} grouped into users, as they are asked for. */
    public static Iterator<Grouped> group(Iterator<RowResult> rows) {
        return Feed.pull(rows, new UserGrouping());
    }

    @Override
    public void offer(RowResult row, Consumer<? super Grouped> out) {
        if (row instanceof RejectedRow rejected) {
            out.accept(Grouped.rejected(rejected));
        } else if (row instanceof RejectedBasket basket) {
            out.accept(Grouped.basketSetAside(basket.lines()));
        } else {
            MappedRow mapped = (MappedRow) row;
            if (gathering != null && gathering.sameUserAs(mapped)) {
                gathering.add(mapped);
            } else {
                InsiderUser started = new InsiderUser(mapped.identifiers());
                started.add(mapped);
                complete(started, out);
            }
        }
    }

    @Override
    public void finish(Consumer<? super Grouped> out) {
        complete(null, out);
    }

    /** Hands on the user gathered so far (if it has anything to send) and starts the next one. */
    private void complete(InsiderUser following, Consumer<? super Grouped> out) {
        InsiderUser done = gathering;
        gathering = following;
        if (done != null && done.hasContent()) {
            out.accept(Grouped.user(done));
        }
    }
}
