package io.insidersync.insider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.source.ChangeRow;

/**
 * One request's worth of users, already serialized, and the records set aside since the previous batch.
 * The body is assembled from each user's JSON, so its size is known exactly before it is sent. Batches are numbered
 * in the order the window produces them; the same window with the same settings numbers them the same way.
 */
public final class UserBatch {

    private static final byte[] PREFIX = "{\"users\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX_SKIP_HOOK = "{\"skip_hook\":true,\"users\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.US_ASCII);

    private final long sequence;
    private final List<BatchUser> users;
    private final List<DeadLetterRecord> rejections;
    private final boolean skipHook;

    /**
     * A user of the request: its JSON exactly as it appears in the body, and what delivery still needs of the user once
     * that is written (its identifiers, how many events it carries, the rows it came from). Only this is kept while the
     * batch waits and is sent, not the user's mapped fields or the rows' values, so the memory a batch holds is little
     * more than its body.
     */
    public record BatchUser(Map<String, Object> identifiers, int eventCount, List<ChangeRow> sources, byte[] json) {

        /**
         * A user built from several rows keeps their keys and versions, which is all its dead-letter record names; a user
         * of one row keeps that row whole, as its record shows it.
         */
        static BatchUser of(WrittenUser written) {
            List<ChangeRow> sources = written.user().sources();
            return new BatchUser(written.user().identifiers(), written.user().events().size(),
                    sources.size() == 1 ? List.copyOf(sources) : sources.stream().map(ChangeRow::reference).toList(), written.json());
        }
    }

    UserBatch(long sequence, List<BatchUser> users, List<DeadLetterRecord> rejections, boolean skipHook) {
        this.sequence = sequence;
        this.users = List.copyOf(users);
        this.rejections = List.copyOf(rejections);
        this.skipHook = skipHook;
    }

    private static byte[] prefix(boolean skipHook) {
        return skipHook ? PREFIX_SKIP_HOOK : PREFIX;
    }

    /** The size of a body holding users of these JSON sizes: the envelope, the users and the commas between them. */
    static long bodySize(boolean skipHook, long userBytes, int userCount) {
        return prefix(skipHook).length + userBytes + Math.max(0, userCount - 1) + SUFFIX.length;
    }

    /** The batch's place in its window: 0 for the first. */
    public long getSequence() {
        return sequence;
    }

    public List<BatchUser> getUsers() {
        return users;
    }

    public List<DeadLetterRecord> getRejections() {
        return rejections;
    }

    /** The identifiers of each user in the batch: no two requests in flight may share one. */
    public List<Map<String, Object>> getIdentities() {
        return users.stream().map(BatchUser::identifiers).toList();
    }

    public int getEventCount() {
        return users.stream().mapToInt(BatchUser::eventCount).sum();
    }

    /** The highest source version in the batch, to place a failed request in the table's history. */
    public Long getCommitVersion() {
        OptionalLong highest = users.stream().flatMap(u -> u.sources().stream()).mapToLong(ChangeRow::commitVersion).max();
        return highest.isPresent() ? highest.getAsLong() : null;
    }

    /** The users in two requests of half as many each (for a body Insider found too large); one user stays one. */
    public List<UserBatch> getHalves() {
        if (users.size() < 2) {
            return List.of(this);
        }
        int middle = users.size() / 2;
        return List.of(new UserBatch(sequence, users.subList(0, middle), List.of(), skipHook),
                new UserBatch(sequence, users.subList(middle, users.size()), List.of(), skipHook));
    }

    /** The request body: exactly the JSON posted to Insider. */
    public byte[] getBody() {
        long userBytes = 0;
        for (BatchUser user : users) {
            userBytes += user.json().length;
        }
        // Written straight into an array of the exact size: a body is megabytes, and is built again for every attempt.
        byte[] body = new byte[(int) bodySize(skipHook, userBytes, users.size())];
        byte[] prefix = prefix(skipHook);
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        int at = prefix.length;
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] json = users.get(i).json();
            System.arraycopy(json, 0, body, at, json.length);
            at += json.length;
        }
        System.arraycopy(SUFFIX, 0, body, at, SUFFIX.length);
        return body;
    }
}
