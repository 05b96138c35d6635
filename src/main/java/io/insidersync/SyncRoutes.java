package io.insidersync;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

/**
 * Builds each sync's routes from the route templates in routes/*.camel.yaml: the same steps for every table, with the
 * sync's own processors ({@code <name>.<processor>}, see {@link SyncTableBeans}), endpoints and schedule. For the only
 * table of the top-level settings, named {@code sync}, the routes are sync-run (endpoint direct:sync-run), sync-schedule,
 * sync-catch-up, sync-scheduled-run, sync-deliver-batch, sync-send-batch, sync-dead-letter and sync-replay; a sync
 * declared as {@code syncs.orders.…} gets orders-run (direct:orders-run), orders-schedule, and so on.
 *
 * <p>camel-main finds this builder by scanning {@code camel.main.base-package-scan}, like {@link SyncBeans}, and
 * configures it after SyncBeans has read the settings and bound what each sync's routes are built with.
 */
public final class SyncRoutes extends RouteBuilder {

    /** The templates every sync is built from, each giving the route {@code <name>-<template>}. */
    static final List<String> TEMPLATES = List.of("run", "schedule", "catch-up", "scheduled-run", "deliver-batch", "send-batch", "dead-letter",
            "replay");

    /**
     * What one sync's routes are built with.
     *
     * @param cron        its schedule as the quartz endpoint takes it
     * @param senders     how many threads deliver its batches: one for each request in flight (insider.concurrency), and
     *                    one for each unanswered request that may wait for its verdict
     * @param outbox      where a dry run writes its request bodies
     */
    public record Instance(String name, String table, String cron, String timezone, int senders, String outbox) {
    }

    /** Every sync's {@link Instance}, in the registry under {@value Instances#BEAN}. */
    public record Instances(List<Instance> all) {
        static final String BEAN = "syncRouteInstances";
    }

    @Override
    public void configure() {
        Instances instances = getContext().getRegistry().lookupByNameAndType(Instances.BEAN, Instances.class);
        if (instances == null) {
            throw new IllegalStateException("no sync was configured: " + SyncBeans.class.getName() + " must run first");
        }
        for (Instance sync : instances.all()) {
            for (String template : TEMPLATES) {
                templatedRoute(template)
                        .routeId(sync.name() + "-" + template)
                        .parameter("name", sync.name())
                        .parameter("cron", sync.cron())
                        .parameter("timezone", sync.timezone())
                        .parameter("senders", String.valueOf(sync.senders()))
                        .parameter("outbox", sync.outbox());
            }
        }
    }
}
