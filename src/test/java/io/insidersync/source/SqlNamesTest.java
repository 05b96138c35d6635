package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.insidersync.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class SqlNamesTest {

    @Test
    void acceptsPlainNamesAndSplitsTableNames() {
        assertEquals("order_id", SqlNames.column("sync.key-columns", " order_id "));
        assertEquals(List.of("main", "crm-prod", "events_2024"), SqlNames.tableParts("sync.table", "main.crm-prod.events_2024"));
    }

    @Test
    void rejectsAnythingThatCouldChangeTheStatement() {
        for (String column : new String[] {"a b", "a;b", "a`b", "a\"b", "a'b", "", "a.b", "a)--"}) {
            ConfigurationException error = assertThrows(ConfigurationException.class, () -> SqlNames.column("mapping.attributes.name", column));
            assertTrue(error.getMessage().startsWith("Setting mapping.attributes.name"), error.getMessage());
        }
        for (String table : new String[] {"a.b.c.d", "a..b", "t; DROP TABLE x", "`t`", "a.b'"}) {
            assertThrows(ConfigurationException.class, () -> SqlNames.tableParts("sync.table", table));
        }
    }

    @Test
    void dialectsQuoteTheirOwnWay() {
        assertEquals("`we``ird`", new DatabricksDialect(List.of("t")).quote("we`ird"));
        assertEquals("\"we\"\"ird\"", new ChangeTableDialect(List.of("t")).quote("we\"ird"));
    }
}
