package io.insidersync.insider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.stream.Feed;

/**
 * The batching step: fills requests up to {@code insider.batch-max-users} users and {@code insider.batch-max-bytes}
 * bytes of body, measured on the serialized JSON. A user appears at most once per request: a later user with the same
 * identifiers is merged into the one already in the batch. A user too large for one request is cut into parts
 * ({@link SplitUser}) sent in consecutive requests. A snapshot window sends with {@code skip_hook}, as does
 * {@code insider.skip-hook=true}.
 */
public final class BatchUsers {

    /** Rejected rows wait for the next batch, but no more than this many, so a run of bad rows cannot fill memory. */
    private static final int MAX_PENDING_REJECTIONS = 1000;

    private final UserJson userJson;
    private final int maxUsers;
    private final long maxBytes;
    private final boolean skipHook;
    private final DeadLetterRecords records;

    public BatchUsers(ObjectMapper json, int maxUsers, long maxBytes, boolean skipHook, boolean notAppend, DeadLetterRecords records) {
        this.userJson = new UserJson(json, notAppend);
        this.maxUsers = maxUsers;
        this.maxBytes = maxBytes;
        this.skipHook = skipHook;
        this.records = records;
    }

    /** The batching step of one window, pushed to one user at a time; those of a snapshot (history, not news) carry skip_hook. */
    public Feed<Grouped, UserBatch> feed(boolean snapshot) {
        return new Batcher(skipHook || snapshot);
    }

    /** The users packed into requests as they are asked for; those of a snapshot carry skip_hook. */
    public Iterator<UserBatch> batchesOf(Iterator<Grouped> users, boolean snapshot) {
        return batches(users, skipHook || snapshot);
    }

    Iterator<UserBatch> batches(Iterator<Grouped> input, boolean withSkipHook) {
        return Feed.pull(input, new Batcher(withSkipHook));
    }

    /** The requests of one window being filled. */
    private final class Batcher implements Feed<Grouped, UserBatch> {

        private final boolean withSkipHook;
        /** The most bytes one user's JSON can have: the byte limit less the envelope of a request. */
        private final long userLimit;
        /** The users of the request being filled, whole: a later user with the same identifiers may still join one. */
        private final List<WrittenUser> users = new ArrayList<>();
        private final Map<Map<String, Object>, Integer> positions = new HashMap<>();
        private final List<DeadLetterRecord> rejections = new ArrayList<>();
        private long userBytes;
        private long sequence;
        /** Where the requests filled during the current call go. */
        private Consumer<? super UserBatch> out;

        Batcher(boolean withSkipHook) {
            this.withSkipHook = withSkipHook;
            this.userLimit = maxBytes - UserBatch.bodySize(withSkipHook, 0, 1);
        }

        @Override
        public void offer(Grouped item, Consumer<? super UserBatch> out) {
            this.out = out;
            add(item);
        }

        @Override
        public void finish(Consumer<? super UserBatch> out) {
            this.out = out;
            if (!users.isEmpty() || !rejections.isEmpty()) {
                take();
            }
        }

        private void add(Grouped item) {
            if (item.user() == null) {
                // A basket's lines all go with one batch, so they are dead-lettered one after another.
                item.rowsSetAside().forEach(row -> rejections.add(records.rejectedRow(row)));
                if (rejections.size() >= MAX_PENDING_REJECTIONS) {
                    take();
                }
                return;
            }
            InsiderUser user = item.user();
            if (!mergedIntoBatch(user)) {
                place(user);
            }
        }

        /** A user whose identifiers are already in the batch joins that user, if the merged user still fits. */
        private boolean mergedIntoBatch(InsiderUser later) {
            Integer position = positions.get(later.identifiers());
            if (position == null) {
                return false;
            }
            WrittenUser earlier = users.get(position);
            InsiderUser merged = earlier.user().part(true, earlier.user().events());
            merged.add(later);
            UserJson.Pieces pieces = userJson.pieces(merged);
            long bytes = userBytes - earlier.json().length + pieces.size();
            if (pieces.size() > userLimit || UserBatch.bodySize(withSkipHook, bytes, users.size()) > maxBytes) {
                // The same user goes in the next request instead: still at most once per request.
                take();
                return false;
            }
            users.set(position, new WrittenUser(merged, pieces.assemble()));
            userBytes = bytes;
            return true;
        }

        private void place(InsiderUser user) {
            UserJson.Pieces pieces = userJson.pieces(user);
            if (pieces.size() <= userLimit) {
                if (!users.isEmpty() && (users.size() >= maxUsers
                        || UserBatch.bodySize(withSkipHook, userBytes + pieces.size(), users.size() + 1) > maxBytes)) {
                    take();
                }
                append(new WrittenUser(user, pieces.assemble()));
                return;
            }
            SplitUser.Result split = SplitUser.split(pieces, userLimit, maxBytes, records);
            rejections.addAll(split.setAside());
            List<WrittenUser> parts = split.parts();
            if (!users.isEmpty() && !parts.isEmpty()) {
                take();
            }
            for (int i = 0; i < parts.size(); i++) {
                append(parts.get(i));
                // Each part but the last fills a request of its own; the last leaves room for the users after it.
                if (i < parts.size() - 1) {
                    take();
                }
            }
        }

        private void append(WrittenUser user) {
            positions.put(user.user().identifiers(), users.size());
            users.add(user);
            userBytes += user.json().length;
        }

        private void take() {
            out.accept(new UserBatch(sequence++, users.stream().map(UserBatch.BatchUser::of).toList(), rejections, withSkipHook));
            users.clear();
            positions.clear();
            rejections.clear();
            userBytes = 0;
        }
    }
}
