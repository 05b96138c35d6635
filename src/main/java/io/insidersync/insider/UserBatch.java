package io.insidersync.insider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.source.ChangeRow;

/**
 * One request's worth of users, already serialized, and the records set aside since the previous batch.
 * The body is assembled from each user's JSON, so its size is known exactly before it is sent.
 */
public final class UserBatch {

    private static final byte[] PREFIX = "{\"users\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX_SKIP_HOOK = "{\"skip_hook\":true,\"users\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.US_ASCII);

    private final List<BatchUser> users;
    private final List<DeadLetterRecord> rejections;
    private final boolean skipHook;

    /** A user and its JSON exactly as it appears in the body. */
    public record BatchUser(InsiderUser user, byte[] json) {
    }

    UserBatch(List<BatchUser> users, List<DeadLetterRecord> rejections, boolean skipHook) {
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

    public List<BatchUser> getUsers() {
        return users;
    }

    public List<DeadLetterRecord> getRejections() {
        return rejections;
    }

    public int getEventCount() {
        return users.stream().mapToInt(u -> u.user().events().size()).sum();
    }

    /** The highest source version in the batch, to place a failed request in the table's history. */
    public Long getCommitVersion() {
        OptionalLong highest = users.stream().flatMap(u -> u.user().sources().stream()).mapToLong(ChangeRow::commitVersion).max();
        return highest.isPresent() ? highest.getAsLong() : null;
    }

    /** The request body: exactly the JSON posted to Insider. */
    public byte[] getBody() {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) bodySize(skipHook, users.stream().mapToLong(u -> u.json().length).sum(), users.size()));
        body.writeBytes(prefix(skipHook));
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(users.get(i).json());
        }
        body.writeBytes(SUFFIX);
        return body.toByteArray();
    }
}
