package io.insidersync.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import io.insidersync.config.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Decides whether the embedded demo runs, and gives it its settings ({@code demo.properties}). Done where Camel has
 * already read the settings, so that it works however Camel was started: {@code java -jar} and {@code camel run} alike.
 */
public final class DemoSettings {

    static final String RESOURCE = "demo.properties";

    private DemoSettings() {
    }

    /**
     * With no {@code source.kind} anywhere (settings files, environment, system properties), puts the demo's settings
     * above the settings files, so that they never mix with an integrator's; environment variables still win, as
     * they do over any file. A mapping without a source is a mistake, not a request for the demo.
     *
     * @return whether the demo runs
     */
    public static boolean applyWhenNoSource(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean sourceConfigured = properties.resolveProperty("source.kind").filter(kind -> !kind.isBlank()).isPresent();
        if (sourceConfigured) {
            return false;
        }
        boolean mapped = !properties.loadProperties(name -> name.startsWith("mapping.identifiers.") || name.startsWith("mapping.attributes.")
                || name.startsWith("mapping.event.")).isEmpty();
        if (mapped) {
            throw new ConfigurationException("Setting source.kind is not set, but a mapping is: set source.kind to databricks or jdbc");
        }
        Properties demo = load();
        for (String name : demo.stringPropertyNames()) {
            properties.addOverrideProperty(name, demo.getProperty(name));
        }
        return true;
    }

    private static Properties load() {
        Properties demo = new Properties();
        try (InputStream in = DemoSettings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            demo.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return demo;
    }
}
