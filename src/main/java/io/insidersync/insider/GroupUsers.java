package io.insidersync.insider;

import java.util.Iterator;
import java.util.NoSuchElementException;

import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.mapping.RowResult.RejectedBasket;
import io.insidersync.mapping.RowResult.RejectedRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The grouping step: consecutive rows with the same identifiers become one user, so all lines of a basket (one
 * event_group_id) are events of one user object. The window query orders rows by user, then basket, to make that so.
 * Rows and baskets set aside are handed on as they come, without ending the user. Only the user being gathered is held
 * in memory.
 */
public final class GroupUsers implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Iterator<RowResult> rows = exchange.getMessage().getMandatoryBody(Iterator.class);
        exchange.getMessage().setBody(group(rows));
    }

    static Iterator<Grouped> group(Iterator<RowResult> rows) {
        return new Iterator<>() {
            private InsiderUser gathering;
            private Grouped next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (!rows.hasNext()) {
                        next = complete(null);
                        return next != null;
                    }
                    RowResult row = rows.next();
                    if (row instanceof RejectedRow rejected) {
                        next = Grouped.rejected(rejected);
                    } else if (row instanceof RejectedBasket basket) {
                        next = Grouped.basketSetAside(basket.lines());
                    } else {
                        MappedRow mapped = (MappedRow) row;
                        if (gathering != null && gathering.sameUserAs(mapped)) {
                            gathering.add(mapped);
                        } else {
                            InsiderUser started = new InsiderUser(mapped.identifiers());
                            started.add(mapped);
                            next = complete(started);
                        }
                    }
                }
                return true;
            }

            /** Hands on the user gathered so far (if it has anything to send) and starts the next one. */
            private Grouped complete(InsiderUser following) {
                InsiderUser done = gathering;
                gathering = following;
                return done != null && done.hasContent() ? Grouped.user(done) : null;
            }

            @Override
            public Grouped next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Grouped result = next;
                next = null;
                return result;
            }
        };
    }
}
