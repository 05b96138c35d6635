package io.insidersync.deadletter;

import java.util.List;

/**
 * Told of the records the dead-letter store has just written for an exchange. Set as the exchange property
 * {@link #PROPERTY} by a route that must know what became of what it sent: the replay uses it to learn which of the
 * users it sent again were refused again.
 */
public interface DeadLetterObserver {

    String PROPERTY = "deadLetterObserver";

    void deadLettered(List<DeadLetterRecord> records);
}
