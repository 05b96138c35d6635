package io.insidersync.source;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.insider.UserBatch;

/**
 * What a batch held, in a few bytes: its user count with the key and version of its first and last source row, and the
 * same for the rows set aside with it (a batch may hold only those). Kept with each acknowledged batch, so that a window
 * read again after a crash is known to yield the batches that were acknowledged, not merely as many. The rows' values
 * are not covered: a batch whose rows changed only in their values is still the same rows.
 *
 * <p>The batches below the window's boundary are kept as one running digest ({@link #chain}) in batch order, so the
 * state stays a few lines however many batches the window has.
 */
public final class BatchDigest {

    /** The running digest of no batches: where a window starts. */
    public static final String START = "";

    private static final HexFormat HEX = HexFormat.of();
    /** 128 bits of SHA-256: collisions are not a concern at these numbers, and the state stays short. */
    private static final int BYTES = 16;

    private BatchDigest() {
    }

    public static String of(UserBatch batch) {
        MessageDigest digest = sha256();
        List<UserBatch.BatchUser> users = batch.getUsers();
        put(digest, "users " + users.size());
        if (!users.isEmpty()) {
            row(digest, firstRow(users.get(0).sources()));
            row(digest, lastRow(users.get(users.size() - 1).sources()));
        }
        List<DeadLetterRecord> rejections = batch.getRejections();
        put(digest, "rejected " + rejections.size());
        if (!rejections.isEmpty()) {
            rejected(digest, rejections.get(0));
            rejected(digest, rejections.get(rejections.size() - 1));
        }
        return HEX.formatHex(digest.digest(), 0, BYTES);
    }

    /** The running digest after one more batch. */
    public static String chain(String before, String batch) {
        MessageDigest digest = sha256();
        put(digest, before);
        put(digest, batch);
        return HEX.formatHex(digest.digest(), 0, BYTES);
    }

    private static ChangeRow firstRow(List<ChangeRow> sources) {
        return sources.isEmpty() ? null : sources.get(0);
    }

    private static ChangeRow lastRow(List<ChangeRow> sources) {
        return sources.isEmpty() ? null : sources.get(sources.size() - 1);
    }

    private static void row(MessageDigest digest, ChangeRow row) {
        if (row == null) {
            put(digest, "no row");
            return;
        }
        put(digest, "version " + row.commitVersion());
        key(digest, row.key());
    }

    private static void rejected(MessageDigest digest, DeadLetterRecord record) {
        put(digest, "version " + record.commitVersion());
        key(digest, record.key());
    }

    private static void key(MessageDigest digest, Map<String, Object> key) {
        if (key == null) {
            put(digest, "no key");
            return;
        }
        put(digest, "columns " + key.size());
        for (Map.Entry<String, Object> column : key.entrySet()) {
            put(digest, column.getKey());
            Object value = column.getValue();
            put(digest, value instanceof byte[] bytes ? "bytes " + HEX.formatHex(bytes) : value == null ? "null" : "value " + value);
        }
    }

    /** Each piece with its length first, so that no two sequences of pieces give the same bytes. */
    private static void put(MessageDigest digest, String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
