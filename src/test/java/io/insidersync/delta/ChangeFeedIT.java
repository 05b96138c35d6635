package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Change Data Feed semantics, on a real Delta table changed over several versions. */
class ChangeFeedIT {

    private static final DeltaLake LAKE = DeltaLake.get();

    @TempDir
    Path state;

    @BeforeEach
    void freshInsider() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    private static String newTable(String name) {
        String table = name + "_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING) USING DELTA "
                + "TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        return table;
    }

    private DeltaSync profiles(String table, String... settings) {
        String[] all = new String[settings.length + 3];
        all[0] = "sync.key-columns=id";
        all[1] = "mapping.identifiers.email=email";
        all[2] = "mapping.attributes.name=name";
        System.arraycopy(settings, 0, all, 3, settings.length);
        return new DeltaSync(table, state, all);
    }

    /** Each user Insider received, by email, with the name it was sent last. */
    private static Map<String, String> namesReceived() {
        Map<String, String> names = new TreeMap<>();
        for (JsonNode body : InsiderStandIn.bodies()) {
            for (JsonNode user : body.path("users")) {
                names.put(user.path("identifiers").path("email").asText(), user.path("attributes").path("name").asText(null));
            }
        }
        return names;
    }

    @Test
    void insertsAndUpdatesAreSentAsTheirNetResultAndDeletesAreNot() {
        String table = newTable("net");
        DeltaSync sync = profiles(table, "sync.start=version:1");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann'), (2, 'bob@example.com', 'Bob'), (3, 'cy@example.com', 'Cy')",
                "UPDATE " + table + " SET name = 'Annie' WHERE id = 1",
                "UPDATE " + table + " SET name = 'Anna' WHERE id = 1",
                "DELETE FROM " + table + " WHERE id = 3");

        String summary = sync.once();

        assertEquals(Map.of("ann@example.com", "Anna", "bob@example.com", "Bob"), namesReceived(), summary);
        assertEquals(1, InsiderStandIn.requests().size());
        assertEquals(LAKE.version(table), sync.checkpointVersion());
    }
}
