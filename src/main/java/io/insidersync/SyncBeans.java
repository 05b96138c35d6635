package io.insidersync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Secrets;
import io.insidersync.config.Settings;
import io.insidersync.config.Syncs;
import io.insidersync.demo.DemoData;
import io.insidersync.demo.DemoSettings;
import io.insidersync.insider.CountDryRunRequest;
import io.insidersync.insider.DeliveryGate;
import io.insidersync.insider.RequestDeadline;
import io.insidersync.run.RunningSyncs;
import io.insidersync.run.StopAtFailedRow;
import io.insidersync.insider.SendAttempts;
import io.insidersync.source.ReadAhead;
import io.insidersync.source.SourceConnections;
import io.insidersync.source.SourceKind;
import io.insidersync.source.SourceTimeZone;
import io.insidersync.source.UrlDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;

/**
 * Reads and checks every setting at start-up (so a wrong one fails before anything runs), then binds the
 * processors the YAML routes refer to by name: those every sync shares here, each sync's own in {@link SyncTableBeans},
 * and {@link SyncRoutes}, which builds each sync's routes from the route templates. Camel finds it by scanning {@code camel.main.base-package-scan}, both
 * under {@code java -jar} (the package of {@link SyncApplication}) and under {@code camel run} (application.properties).
 */
@Configuration
public class SyncBeans implements CamelConfiguration {

    /** The name under which camel-micrometer looks the meter registry up. */
    private static final String METRICS_REGISTRY = "metricsRegistry";
    private static final String CONFIGURED = SyncBeans.class.getName() + ".configured";
    /** The {@link Syncs} of this deployment, for the command line. */
    public static final String SYNCS = "syncs";
    /** The {@link RunningSyncs} of this process, which a stop (SIGTERM) reaches. */
    public static final String RUNNING_SYNCS = "runningSyncs";

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        // Once per context: camel run scans the package again each time it downloads a jar for a component a route uses,
        // and the processors the routes already hold (the delivery gate, the run's state) must stay the ones bound here.
        if (registry.lookupByName(CONFIGURED) != null) {
            return;
        }
        boolean demo = DemoSettings.applyWhenNoSource(context);
        Settings settings = new Settings(context);
        Secrets.remember(settings);
        Syncs syncs = Syncs.from(settings);
        SourceKind kind = SourceKind.parse(settings.require("source.kind"));

        boolean dryRun = settings.bool("insider.dry-run", false);
        if (!dryRun) {
            String url = settings.require("insider.url");
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ConfigurationException("Setting insider.url must be an https:// address, not '" + url + "'");
            }
            settings.require("insider.partner-name");
            settings.require("insider.request-token");
        }
        if (dryRun && settings.bool("replay.enabled", false)) {
            throw new ConfigurationException("--replay sends to Insider, but insider.dry-run is true: set insider.dry-run=false to replay");
        }
        // Insider's limit is per account: one throttle, in the shared insider-upsert route, for every sync's senders.
        context.getPropertiesComponent().addOverrideProperty("insider.max-requests-per-minute",
                String.valueOf(settings.number("insider.max-requests-per-minute", 25_000, 1, 25_000)));
        // The period that limit is counted over: a minute, as Insider counts it, unless a test or a special case shortens it.
        context.getPropertiesComponent().addOverrideProperty("insider.throttle-period-ms",
                String.valueOf(settings.number("insider.throttle-period-ms", 60_000, 1, 3_600_000)));

        // A whole-request deadline for every call to Insider, on both schemes insider.url may have.
        RequestDeadline deadline = new RequestDeadline(settings.number("insider.request-timeout-ms", 60_000, 100, 3_600_000),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "insider-request-deadline"));
        for (String scheme : List.of("http", "https")) {
            context.getComponent(scheme, HttpComponent.class).setHttpClientConfigurer(deadline);
        }

        if (kind == SourceKind.DATABRICKS) {
            // Before the driver is loaded, under java -jar and camel run alike: see SourceTimeZone.
            SourceTimeZone.pinUtc();
        }
        UrlDataSource source = SourceConnections.create(settings, kind);
        registry.bind("source", source);
        // Processors that keep nothing of a table: every sync's routes share them.
        registry.bind("sendAttempts", new SendAttempts(settings.string("insider.url", ""), (int) settings.number("insider.max-retries", 5, 0, 100),
                settings.number("insider.retry-delay-ms", 1000, 0, 3_600_000), settings.number("insider.max-retry-delay-ms", 60_000, 0, 3_600_000),
                settings.number("insider.max-rate-limit-wait-ms", 3_600_000, 0, 86_400_000)));
        registry.bind("readAhead", new ReadAhead(ReadAhead.CHUNK_ROWS, ReadAhead.CHUNKS));
        registry.bind("deliveryGate", new DeliveryGate());
        registry.bind("stopAtFailedRow", new StopAtFailedRow());
        registry.bind("countDryRunRequest", new CountDryRunRequest());
        registry.bind(RUNNING_SYNCS, new RunningSyncs());
        // On SIGTERM the runs stop admitting batches and finish what is in flight: Camel's own graceful stop then waits at
        // most this long for them (see SyncApplication, which ends the process by then whatever happens).
        context.getShutdownStrategy().setTimeout(settings.number("sync.stop-timeout-seconds", 20, 1, 3600));

        MeterRegistry meters = meterRegistry(registry);
        List<SyncRoutes.Instance> instances = new ArrayList<>();
        Map<String, String> syncOfTable = new HashMap<>();
        for (String name : syncs.names()) {
            Settings own = syncs.settingsOf(settings, name);
            String table = own.require("sync.table");
            // One checkpoint, one health check and one set of meters per table: two syncs of one table would mix them.
            String other = syncOfTable.putIfAbsent(table, name);
            if (other != null) {
                throw new ConfigurationException("Settings syncs." + other + ".table and syncs." + name + ".table both name "
                        + table + ": sync each table once");
            }
            try {
                if (demo) {
                    DemoData.ensure(source, table);
                }
                instances.add(new SyncTableBeans(registry, name, syncs.topLevel()).bind(own, kind, source, meters));
            } catch (ConfigurationException e) {
                throw syncs.topLevel() ? e : new ConfigurationException("Sync " + name + " (settings syncs." + name + ".*): " + e.getMessage());
            }
        }
        registry.bind(SYNCS, syncs);
        registry.bind(SyncRoutes.Instances.BEAN, new SyncRoutes.Instances(List.copyOf(instances)));
        registry.bind(CONFIGURED, Boolean.TRUE);
    }

    /**
     * The registry Camel's observability services expose at /observe/metrics: theirs when they are already set up,
     * otherwise one bound under the name they look for, so they take it when they start.
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry existing = registry.lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (existing != null) {
            return existing;
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind(METRICS_REGISTRY, meters);
        return meters;
    }
}
