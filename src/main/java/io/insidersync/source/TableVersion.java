package io.insidersync.source;

import java.time.Instant;

/**
 * A version of the synced table.
 *
 * @param committedAt when it was committed; null when the source does not say (a plain change table)
 */
public record TableVersion(long number, Instant committedAt) {
}
