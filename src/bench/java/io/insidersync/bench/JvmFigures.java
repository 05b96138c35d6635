package io.insidersync.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The figures a benchmark child JVM reports about itself, measured from inside it:
 * <ul>
 * <li>{@code heap_after_gc_mb}: the highest heap use right after a garbage collection (summed over the heap pools, from
 * the collectors' notifications). With G1 a young collection leaves the old generation's garbage in place, so this is
 * an upper bound of the live set; it is the figure to compare between sizes ("peak heap" in the table).</li>
 * <li>{@code heap_pool_peak_mb}: the sum of each heap pool's peak use (garbage included; the peaks need not coincide).</li>
 * <li>{@code gc_ms}: the collectors' accumulated collection time; {@code rss_peak_mb}: VmHWM from /proc/self/status.</li>
 * <li>{@code cpu_seconds}: the CPU time of the whole process (every thread: the work, the JIT compilers, the collectors)
 * since {@link #start()}; against {@code seconds × cores} it shows how busy the machine was.</li>
 * </ul>
 */
final class JvmFigures {

    private final AtomicLong maxAfterGc = new AtomicLong();
    private final Set<String> heapPools;
    private final long gcMillisAtStart;
    private final long startNanos;
    private final long cpuNanosAtStart;

    private JvmFigures() {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        heapPools = pools.stream().filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(pool.getKey())) {
                        used += pool.getValue().getUsed();
                    }
                }
                long after = used;
                maxAfterGc.accumulateAndGet(after, Math::max);
            }, null, null);
        }
        gcMillisAtStart = gcMillis();
        cpuNanosAtStart = cpuNanos();
        startNanos = System.nanoTime();
    }

    static JvmFigures start() {
        return new JvmFigures();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The figures so far, with the wall time since {@link #start()}. */
    Map<String, Object> figures() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long poolPeaks = 0;
        long usedNow = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
                usedNow += pool.getUsage().getUsed();
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("seconds", seconds);
        long afterGc = maxAfterGc.get();
        figures.put("gc_happened", afterGc > 0);
        // No collection at all (a tiny run): the heap in use at the end is the best there is.
        figures.put("heap_after_gc_mb", mb(afterGc > 0 ? afterGc : usedNow));
        figures.put("heap_pool_peak_mb", mb(poolPeaks));
        figures.put("gc_ms", gcMillis() - gcMillisAtStart);
        figures.put("cpu_seconds", (cpuNanos() - cpuNanosAtStart) / 1e9);
        figures.put("rss_peak_mb", rssPeakKb() / 1024.0);
        figures.put("collectors", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        figures.put("max_heap_mb", mb(Runtime.getRuntime().maxMemory()));
        return figures;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long rssPeakKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** One line the orchestrator reads from the child's output. */
    static void report(Map<String, Object> figures) throws IOException {
        System.out.println(Bench.RESULT_PREFIX + new ObjectMapper().writeValueAsString(figures));
        System.out.flush();
    }
}
