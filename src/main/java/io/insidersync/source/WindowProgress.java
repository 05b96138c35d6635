package io.insidersync.source;

import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far delivery of one window got: which of its batches Insider acknowledged (or which were dead-lettered), by
 * their number in the window. The window query and the batching are deterministic, so after a crash the same window,
 * read again with the same settings, yields the same batches and the acknowledged ones are skipped. The settings that
 * shape the batches are kept with the progress, so a change to them is noticed instead of skipping the wrong batches.
 * Safe across threads: batches are acknowledged by concurrent senders.
 */
public final class WindowProgress {

    private final Window window;
    private final Map<String, String> batchSettings;
    private long acknowledgedBelow;
    private final NavigableSet<Long> acknowledgedAbove = new TreeSet<>();

    public WindowProgress(Window window, Map<String, String> batchSettings) {
        this(window, batchSettings, 0, new TreeSet<>());
    }

    WindowProgress(Window window, Map<String, String> batchSettings, long acknowledgedBelow, NavigableSet<Long> acknowledgedAbove) {
        this.window = window;
        this.batchSettings = Map.copyOf(new TreeMap<>(batchSettings));
        this.acknowledgedBelow = acknowledgedBelow;
        this.acknowledgedAbove.addAll(acknowledgedAbove);
    }

    public Window window() {
        return window;
    }

    public Map<String, String> batchSettings() {
        return new TreeMap<>(batchSettings);
    }

    public synchronized boolean isAcknowledged(long batch) {
        return batch < acknowledgedBelow || acknowledgedAbove.contains(batch);
    }

    public synchronized void acknowledge(long batch) {
        if (batch < acknowledgedBelow) {
            return;
        }
        acknowledgedAbove.add(batch);
        while (acknowledgedAbove.remove(acknowledgedBelow)) {
            acknowledgedBelow++;
        }
    }

    /**
     * The acknowledged batches, read at one moment: every batch below {@code below}, and those in {@code above} (batches
     * that finished while an earlier one was still in flight).
     */
    public record Acknowledged(long below, NavigableSet<Long> above) {
    }

    public synchronized Acknowledged acknowledged() {
        return new Acknowledged(acknowledgedBelow, new TreeSet<>(acknowledgedAbove));
    }

    public synchronized boolean anyAcknowledged() {
        return acknowledgedBelow > 0 || !acknowledgedAbove.isEmpty();
    }
}
