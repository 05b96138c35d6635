package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.insidersync.config.ConfigurationException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SyncBeans as Camel JBang starts it: without SyncApplication, with ./application.properties as the only settings file,
 * and scanned again whenever camel run downloads a jar.
 */
class SyncBeansTest {

    @TempDir
    Path state;

    private DefaultCamelContext context;
    private PropertiesComponent properties;

    @BeforeEach
    void readTheProjectsSettingsFile() {
        context = new DefaultCamelContext();
        properties = context.getPropertiesComponent();
        properties.setLocation("file:application.properties");
        // Above the file, as an environment variable would be: the demo's table and outbox go to the test's folder.
        properties.addOverrideProperty("sync.state-dir", state.toString());
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void withNoSourceConfiguredTheDemosSettingsWinOverApplicationProperties() {
        new SyncBeans().configure(context);

        assertEquals("jdbc", properties.resolveProperty("source.kind").orElseThrow());
        assertEquals("true", properties.resolveProperty("insider.dry-run").orElseThrow(), "application.properties says false");
        assertEquals(state + "/demo/outbox", properties.resolveProperty("insider.outbox-dir").orElseThrow());
        assertTrue(Files.exists(state.resolve("demo/source.mv.db")), "the demo table was not created");
        assertNotNull(context.getRegistry().lookupByName("sync.planWindow"));
    }

    @Test
    void aMappingWithoutASourceIsAnErrorNotTheDemo() {
        properties.addOverrideProperty("mapping.identifiers.email", "email");

        ConfigurationException error = assertThrows(ConfigurationException.class, () -> new SyncBeans().configure(context));
        assertTrue(error.getMessage().contains("source.kind is not set"), error.getMessage());
    }

    @Test
    void configuringAgainKeepsTheProcessorsTheRoutesAlreadyHold() {
        new SyncBeans().configure(context);
        Object gate = context.getRegistry().lookupByName("deliveryGate");
        Object source = context.getRegistry().lookupByName("source");
        Object planner = context.getRegistry().lookupByName("sync.planWindow");

        new SyncBeans().configure(context);

        assertSame(gate, context.getRegistry().lookupByName("deliveryGate"));
        assertSame(source, context.getRegistry().lookupByName("source"));
        assertSame(planner, context.getRegistry().lookupByName("sync.planWindow"));
    }
}
