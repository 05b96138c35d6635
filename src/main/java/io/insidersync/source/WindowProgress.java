package io.insidersync.source;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far delivery of one window got: which of its batches Insider acknowledged (or which were dead-lettered), by
 * their number in the window, each with a {@link BatchDigest} of what it held. The window query and the batching are
 * deterministic, so after a crash the same window, read again with the same settings, yields the same batches and the
 * acknowledged ones are skipped; the digests show whether it really did. The settings that shape the batches are kept
 * with the progress, so a change to them is noticed instead of skipping the wrong batches.
 * Safe across threads: batches are acknowledged by concurrent senders.
 */
public final class WindowProgress {

    private final Window window;
    private final Map<String, String> batchSettings;
    private long acknowledgedBelow;
    /** The running digest of the batches below {@link #acknowledgedBelow}; null when unknown (progress from before digests). */
    private String belowDigest;
    /** Acknowledged batches above the boundary, by number, with their digest (null when recorded without one). */
    private final NavigableMap<Long, String> acknowledgedAbove = new TreeMap<>();

    public WindowProgress(Window window, Map<String, String> batchSettings) {
        this(window, batchSettings, 0, BatchDigest.START, new TreeMap<>());
    }

    WindowProgress(Window window, Map<String, String> batchSettings, long acknowledgedBelow, String belowDigest,
                   NavigableMap<Long, String> acknowledgedAbove) {
        this.window = window;
        this.batchSettings = Map.copyOf(new TreeMap<>(batchSettings));
        this.acknowledgedBelow = acknowledgedBelow;
        this.belowDigest = belowDigest;
        this.acknowledgedAbove.putAll(acknowledgedAbove);
    }

    public Window window() {
        return window;
    }

    public Map<String, String> batchSettings() {
        return new TreeMap<>(batchSettings);
    }

    public synchronized boolean isAcknowledged(long batch) {
        return batch < acknowledgedBelow || acknowledgedAbove.containsKey(batch);
    }

    /** Records a batch as acknowledged, with the digest of what it held. */
    public synchronized void acknowledge(long batch, String digest) {
        if (batch < acknowledgedBelow) {
            return;
        }
        acknowledgedAbove.put(batch, digest);
        while (acknowledgedAbove.containsKey(acknowledgedBelow)) {
            String next = acknowledgedAbove.remove(acknowledgedBelow);
            belowDigest = belowDigest == null || next == null ? null : BatchDigest.chain(belowDigest, next);
            acknowledgedBelow++;
        }
    }

    /**
     * The acknowledged batches, read at one moment: every batch below {@code below}, and those in {@code above} (batches
     * that finished while an earlier one was still in flight).
     *
     * @param belowDigest the running digest of the batches below {@code below}, in order; null when not known
     * @param digests     the digest of each batch in {@code above}; a batch without one is missing or maps to null
     */
    public record Acknowledged(long below, NavigableSet<Long> above, String belowDigest, Map<Long, String> digests) {
    }

    public synchronized Acknowledged acknowledged() {
        return new Acknowledged(acknowledgedBelow, new TreeSet<>(acknowledgedAbove.keySet()), belowDigest,
                Collections.unmodifiableMap(new TreeMap<>(acknowledgedAbove)));
    }

    public synchronized boolean anyAcknowledged() {
        return acknowledgedBelow > 0 || !acknowledgedAbove.isEmpty();
    }
}
