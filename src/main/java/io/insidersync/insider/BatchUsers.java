package io.insidersync.insider;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.Stage;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The batching step: fills requests with whole users up to {@code insider.batch-max-users} users and
 * {@code insider.batch-max-bytes} bytes of body, measured on the serialized JSON. A user is never split, so every
 * line of a basket travels in one request. A snapshot window sends with {@code skip_hook}, as does
 * {@code insider.skip-hook=true}.
 */
public final class BatchUsers implements Processor {

    /** Rejected rows wait for the next batch, but no more than this many, so a run of bad rows cannot fill memory. */
    private static final int MAX_PENDING_REJECTIONS = 1000;

    private final ObjectMapper json;
    private final int maxUsers;
    private final long maxBytes;
    private final boolean skipHook;
    private final boolean notAppend;
    private final DeadLetterRecords records;

    public BatchUsers(ObjectMapper json, int maxUsers, long maxBytes, boolean skipHook, boolean notAppend, DeadLetterRecords records) {
        this.json = json;
        this.maxUsers = maxUsers;
        this.maxBytes = maxBytes;
        this.skipHook = skipHook;
        this.notAppend = notAppend;
        this.records = records;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Iterator<Grouped> users = exchange.getMessage().getMandatoryBody(Iterator.class);
        boolean snapshot = SyncRun.of(exchange).getWindow().snapshot();
        exchange.getMessage().setBody(batches(users, skipHook || snapshot));
    }

    Iterator<UserBatch> batches(Iterator<Grouped> input, boolean withSkipHook) {
        return new Iterator<>() {
            private final List<UserBatch.BatchUser> users = new ArrayList<>();
            private final List<DeadLetterRecord> rejections = new ArrayList<>();
            private long userBytes;
            private UserBatch next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (!input.hasNext()) {
                        if (users.isEmpty() && rejections.isEmpty()) {
                            return false;
                        }
                        next = take();
                    } else {
                        next = add(input.next());
                    }
                }
                return true;
            }

            /** Adds one item; returns a full batch when the item does not fit into the one being filled. */
            private UserBatch add(Grouped item) {
                if (item.rejected() != null) {
                    rejections.add(records.rejectedRow(item.rejected()));
                    return rejections.size() >= MAX_PENDING_REJECTIONS ? take() : null;
                }
                byte[] user = serialize(item.user());
                if (UserBatch.bodySize(withSkipHook, user.length, 1) > maxBytes) {
                    rejections.add(records.rejectedUser(Stage.MAPPING, "the user's JSON is " + user.length
                            + " bytes: a request with it alone exceeds insider.batch-max-bytes (" + maxBytes + ")", item.user().sources(), user, null));
                    return null;
                }
                UserBatch full = null;
                if (!users.isEmpty() && (users.size() >= maxUsers || UserBatch.bodySize(withSkipHook, userBytes + user.length, users.size() + 1) > maxBytes)) {
                    full = take();
                }
                users.add(new UserBatch.BatchUser(item.user(), user));
                userBytes += user.length;
                return full;
            }

            private UserBatch take() {
                UserBatch batch = new UserBatch(users, rejections, withSkipHook);
                users.clear();
                rejections.clear();
                userBytes = 0;
                return batch;
            }

            @Override
            public UserBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                UserBatch result = next;
                next = null;
                return result;
            }
        };
    }

    private byte[] serialize(InsiderUser user) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("identifiers", user.identifiers());
        if (!user.attributes().isEmpty()) {
            object.put("attributes", user.attributes());
        }
        if (notAppend) {
            object.put("not_append", true);
        }
        if (!user.events().isEmpty()) {
            object.put("events", user.events());
        }
        try {
            return json.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize a user: " + e.getOriginalMessage(), e);
        }
    }
}
