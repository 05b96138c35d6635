package io.insidersync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.Test;

/** Which syncs the settings declare, and how one sync's settings fall back to the top-level ones. */
class SyncsTest {

    @Test
    void withoutSyncsTheTopLevelSettingsAreTheOnlySyncNamedSync() {
        Syncs syncs = Syncs.from(TestSettings.of("sync.table=orders"));

        assertEquals(List.of("sync"), syncs.names());
        assertTrue(syncs.topLevel());
    }

    @Test
    void syncsAreNamedByTheirSettingsAndRunInNameOrder() {
        Syncs syncs = Syncs.from(TestSettings.of("syncs.web.table=web_events", "syncs.app.table=app_events", "syncs.app.key-columns=id"));

        assertEquals(List.of("app", "web"), syncs.names());
        assertFalse(syncs.topLevel());
    }

    @Test
    void aSyncSettingFallsBackToTheTopLevelOneButItsOwnWins() {
        Settings app = TestSettings.of("syncs.app.table=app_events", "sync.schedule=daily@02:00", "sync.timezone=UTC",
                "syncs.app.timezone=Europe/Istanbul", "insider.concurrency=8").forSync("app");

        assertEquals(Optional.of("app_events"), app.optional("sync.table"));
        assertEquals("daily@02:00", app.string("sync.schedule", "hourly"), "not set for the sync: the top-level one");
        assertEquals("Europe/Istanbul", app.string("sync.timezone", "UTC"));
        assertEquals(8, app.number("insider.concurrency", 4, 1, 64));
        assertEquals(Optional.of("app_events"), app.own("sync.table"));
        assertEquals(Optional.empty(), app.own("sync.schedule"));
    }

    @Test
    void aSyncsMappingIsItsOwnExceptTheTimeZone() {
        Settings app = TestSettings.of("syncs.app.table=app_events", "mapping.identifiers.email=email", "mapping.event.name=event_name",
                "mapping.timezone=Europe/Berlin", "syncs.app.mapping.identifiers.uuid=device_id").forSync("app");

        assertEquals(Map.of("mapping.identifiers.uuid", "device_id"), app.withPrefix("mapping."));
        assertEquals(Optional.empty(), app.optional("mapping.event.name"), "the top-level event column is another table's");
        assertEquals(Optional.of("Europe/Berlin"), app.optional("mapping.timezone"));
    }

    @Test
    void errorsNameTheSyncsOwnSetting() {
        Settings app = TestSettings.of("syncs.app.table=app_events", "syncs.app.insider.concurrency=lots").forSync("app");

        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> app.require("sync.key-columns"));
        assertTrue(missing.getMessage().startsWith("Setting syncs.app.key-columns is required"), missing.getMessage());
        assertTrue(missing.getMessage().contains("SYNCS_APP_KEY_COLUMNS"), missing.getMessage());
        ConfigurationException wrong = assertThrows(ConfigurationException.class, () -> app.number("insider.concurrency", 4, 1, 64));
        assertTrue(wrong.getMessage().startsWith("Setting syncs.app.insider.concurrency must be a whole number"), wrong.getMessage());
    }

    @Test
    void aSyncNameMustFitRouteAndFolderNames() {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> Syncs.from(TestSettings.of("syncs.Web Events.table=x")));

        assertTrue(error.getMessage().contains("'Web Events' is not a sync name"), error.getMessage());
    }

    @Test
    void aSettingASyncCannotSetIsNamed() {
        ConfigurationException typo = assertThrows(ConfigurationException.class,
                () -> Syncs.from(TestSettings.of("syncs.app.table=x", "syncs.app.key-column=id")));
        assertTrue(typo.getMessage().startsWith("Setting syncs.app.key-column is not one a sync sets for itself"), typo.getMessage());

        ConfigurationException shared = assertThrows(ConfigurationException.class,
                () -> Syncs.from(TestSettings.of("syncs.app.table=x", "syncs.app.insider.request-token=t")));
        assertTrue(shared.getMessage().contains("shared by every sync"), shared.getMessage());
        assertFalse(shared.getMessage().contains("=t"), "the value is not repeated");
    }

    @Test
    void aTopLevelTableBesideSyncsIsAmbiguous() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> Syncs.from(TestSettings.of("sync.table=orders", "syncs.app.table=app_events")));

        assertTrue(error.getMessage().contains("declare every table as syncs.<name>.table"), error.getMessage());
    }
}
