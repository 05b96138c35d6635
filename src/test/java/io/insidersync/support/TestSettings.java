package io.insidersync.support;

import java.util.Properties;

import io.insidersync.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;

/** Settings from a few {@code name=value} lines, resolved by Camel's properties component as the application's are. */
public final class TestSettings {

    private TestSettings() {
    }

    public static Settings of(String... lines) {
        Properties properties = new Properties();
        for (String line : lines) {
            int equals = line.indexOf('=');
            properties.setProperty(line.substring(0, equals), line.substring(equals + 1));
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }
}
