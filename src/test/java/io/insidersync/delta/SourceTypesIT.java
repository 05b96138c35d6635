package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta table with a column of every type in the connector reference's "Source types" table, synced for real through
 * each way in to the Delta Lake: each value arrives as the README's conversion table says.
 */
class SourceTypesIT {

    private static final DeltaLake LAKE = DeltaLake.get();
    private static final List<String> COLUMNS = List.of("a", "b", "d", "dec", "dbl", "f", "i", "iv", "m", "s", "st", "ts", "tsn", "ti",
            "v", "str", "bo");

    @TempDir
    Path state;

    /**
     * The source settings of each way in: the Databricks driver with Arrow results (what a warehouse answers by
     * default), the same driver with JSON results, and Spark's own Hive driver straight to the Delta Lake.
     */
    static Map<String, String> source(String path) {
        Map<String, String> source = new LinkedHashMap<>(WarehouseStandIn.get().syncSettings("token"));
        switch (path) {
            case "arrow" -> { }
            case "json" -> source.merge("databricks.jdbc-options", "EnableQueryResultDownload=0;UseBoundedSeaApi=0", (a, b) -> a + ";" + b);
            case "hive" -> source = LAKE.hiveDriverSettings();
            default -> throw new IllegalArgumentException(path);
        }
        return source;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"arrow", "json", "hive"})
    void everySourceTypeConvertsAsTheTypeTableSays(String path) {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        String table = "types_" + System.nanoTime();
        // Open-source Delta refuses INTERVAL columns unless its type check is off; Databricks tables can hold them.
        LAKE.sql("SET spark.databricks.delta.schema.typeCheck.enabled = false",
                "CREATE TABLE " + table + " (id INT, email STRING, event STRING, a ARRAY<STRING>, b BIGINT, d DATE, dec DECIMAL(12,3), "
                        + "dbl DOUBLE, f FLOAT, i INT, iv INTERVAL DAY TO SECOND, m MAP<STRING, INT>, s SMALLINT, st STRUCT<x: INT, y: STRING>, "
                        + "ts TIMESTAMP, tsn TIMESTAMP_NTZ, ti TINYINT, v VARCHAR(10), str STRING, bo BOOLEAN) USING DELTA "
                        + "TBLPROPERTIES (delta.enableChangeDataFeed = true)",
                "INSERT INTO " + table + " VALUES (1, 'types@example.com', 'signup', array('x', 'y'), 9007199254740993, DATE'2026-03-04', "
                        + "1234.567, 0.1, 0.1, 42, INTERVAL '1 02:03:04' DAY TO SECOND, map('k', 1), 7, named_struct('x', 1, 'y', 'z'), "
                        + "TIMESTAMP'2026-01-02 03:04:05', TIMESTAMP_NTZ'2026-01-02 03:04:05', 3, 'vc', 'text', true)");
        List<String> settings = new ArrayList<>(List.of("sync.key-columns=id", "sync.start=version:1", "mapping.identifiers.email=email",
                "mapping.timezone=Europe/Istanbul", "mapping.event.name=event", "mapping.event.timestamp=tsn", "mapping.event.params-column=st",
                "mapping.attributes.birthday=d", "mapping.attributes.age=ti"));
        COLUMNS.forEach(column -> settings.add("mapping.attributes.custom." + column + "=" + column));

        new DeltaSync(source(path), table, state, settings.toArray(String[]::new)).once();

        JsonNode user = InsiderStandIn.bodies().get(0).path("users").get(0);
        JsonNode custom = user.path("attributes").path("custom");
        assertEquals("[\"x\",\"y\"]", custom.path("a").toString(), "ARRAY → array");
        assertEquals("9007199254740993", custom.path("b").toString(), "BIGINT → every digit");
        assertEquals("\"2026-03-04T00:00:00Z\"", custom.path("d").toString(), "DATE → date");
        assertEquals("1234.567", custom.path("dec").toString(), "DECIMAL(12,3) → decimal, every digit");
        assertEquals("0.1", custom.path("dbl").toString(), "DOUBLE → double");
        assertEquals("0.1", custom.path("f").toString(), "FLOAT → single, in its shortest form");
        assertEquals("42", custom.path("i").toString(), "INT → int");
        assertTrue(custom.path("iv").isTextual() && custom.path("iv").asText().startsWith("1 02:03:04"), "INTERVAL → string: " + custom.path("iv"));
        assertEquals("\"{\\\"k\\\":1}\"", custom.path("m").toString(), "MAP → object, as JSON text in an attribute");
        assertEquals("7", custom.path("s").toString(), "SMALLINT → smallint");
        assertEquals("\"{\\\"x\\\":1,\\\"y\\\":\\\"z\\\"}\"", custom.path("st").toString(), "STRUCT → object, as JSON text in an attribute");
        assertEquals("\"2026-01-02T03:04:05Z\"", custom.path("ts").toString(), "TIMESTAMP → an instant (datetime_tz)");
        assertEquals("\"2026-01-02T00:04:05Z\"", custom.path("tsn").toString(), "TIMESTAMP_NTZ → wall-clock time in mapping.timezone");
        assertEquals("3", custom.path("ti").toString(), "TINYINT → smallint");
        assertEquals("\"vc\"", custom.path("v").toString(), "VARCHAR → string");
        assertEquals("\"text\"", custom.path("str").toString(), "STRING → string");
        assertEquals("true", custom.path("bo").toString(), "BOOLEAN → boolean");

        assertEquals("2026-03-04T00:00:00Z", user.path("attributes").path("birthday").asText(), "DATE into a date-time attribute");
        assertEquals(3, user.path("attributes").path("age").asInt(), "TINYINT into an integer attribute");
        JsonNode event = user.path("events").get(0);
        assertEquals("2026-01-02T00:04:05Z", event.path("timestamp").asText());
        assertEquals("{\"custom\":{\"x\":1,\"y\":\"z\"}}", event.path("event_params").toString(), "STRUCT → object for the parameters column");
    }
}
