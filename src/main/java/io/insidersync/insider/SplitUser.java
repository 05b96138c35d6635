package io.insidersync.insider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.Stage;
import io.insidersync.insider.InsiderUser.UserEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a user too large for one request into parts that each fit, keeping its events in order and each basket's
 * events in one part whenever the basket alone fits. A basket that does not fit goes out across consecutive parts.
 * What cannot fit even alone (one event, or the attributes) is set aside with the reason.
 */
final class SplitUser {

    private static final Logger LOG = LoggerFactory.getLogger(SplitUser.class);

    /** The parts, in the order they must be sent, and what was set aside. */
    record Result(List<WrittenUser> parts, List<DeadLetterRecord> setAside) {
    }

    private final UserJson.Pieces pieces;
    private final long limit;
    private final long maxBytes;
    private final DeadLetterRecords records;
    private final List<WrittenUser> parts = new ArrayList<>();
    private final List<DeadLetterRecord> setAside = new ArrayList<>();
    private final List<Integer> current = new ArrayList<>();
    private long currentEventBytes;
    private boolean withAttributes;

    private SplitUser(UserJson.Pieces pieces, long limit, long maxBytes, DeadLetterRecords records) {
        this.pieces = pieces;
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.records = records;
    }

    /**
     * @param limit    the most bytes one user's JSON may have (the byte limit less the request's envelope)
     * @param maxBytes the byte limit itself, for the reasons
     */
    static Result split(UserJson.Pieces pieces, long limit, long maxBytes, DeadLetterRecords records) {
        SplitUser split = new SplitUser(pieces, limit, maxBytes, records);
        split.run();
        return new Result(split.parts, split.setAside);
    }

    private void run() {
        InsiderUser user = pieces.user();
        withAttributes = !user.attributes().isEmpty();
        if (withAttributes && pieces.size(true, List.of()) > limit) {
            setAside.add(records.rejectedUser(Stage.MAPPING, "the user's attributes alone are " + pieces.size(true, List.of())
                    + " bytes of JSON: a request with them exceeds insider.batch-max-bytes (" + maxBytes + ")",
                    user.sources(), pieces.assemble(true, List.of()), null));
            withAttributes = false;
        }
        for (List<Integer> basket : baskets()) {
            if (fits(basket)) {
                add(basket);
                continue;
            }
            closePart();
            if (fits(basket)) {
                add(basket);
                continue;
            }
            UserEvent first = user.events().get(basket.get(0));
            LOG.info("Basket {} ({} events, from the row with key {} at version {}) is larger than one request can carry "
                    + "(insider.batch-max-bytes={}): its events go out in order across consecutive requests",
                    first.basket(), basket.size(), first.source().key(), first.source().commitVersion(), maxBytes);
            for (int event : basket) {
                if (!fits(List.of(event))) {
                    closePart();
                }
                add(List.of(event));
            }
        }
        closePart();
    }

    private boolean fits(List<Integer> more) {
        long moreBytes = more.stream().mapToLong(pieces::eventSize).sum();
        return pieces.size(withAttributes, current.size() + more.size(), currentEventBytes + moreBytes) <= limit;
    }

    private void add(List<Integer> events) {
        current.addAll(events);
        currentEventBytes += events.stream().mapToLong(pieces::eventSize).sum();
    }

    private void closePart() {
        if (current.isEmpty() && !withAttributes) {
            return;
        }
        List<UserEvent> events = current.stream().map(i -> pieces.user().events().get(i)).toList();
        parts.add(new WrittenUser(pieces.user().part(withAttributes, events), pieces.assemble(withAttributes, current)));
        current.clear();
        currentEventBytes = 0;
        withAttributes = false;
    }

    /**
     * The user's events as runs of one basket each (an event outside any basket is a run of its own). An event too
     * large to be sent even alone is set aside here.
     */
    private List<List<Integer>> baskets() {
        List<UserEvent> events = pieces.user().events();
        List<List<Integer>> baskets = new ArrayList<>();
        Object previous = null;
        for (int i = 0; i < events.size(); i++) {
            UserEvent event = events.get(i);
            long alone = pieces.size(false, List.of(i));
            if (alone > limit) {
                setAside.add(records.rejectedUser(Stage.MAPPING, "the event is too large to send: the user with this event alone is "
                        + alone + " bytes of JSON, and a request with it exceeds insider.batch-max-bytes (" + maxBytes + ")",
                        List.of(event.source()), pieces.assemble(false, List.of(i)), null));
                continue;
            }
            Object basket = event.basket();
            if (basket == null || baskets.isEmpty() || !Objects.equals(basket, previous)) {
                baskets.add(new ArrayList<>());
            }
            baskets.get(baskets.size() - 1).add(i);
            previous = basket;
        }
        return baskets;
    }
}
