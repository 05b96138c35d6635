package io.insidersync.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLXML;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A dead-letter record shows a row's large objects as what they hold, never as the driver's object text. */
class DeadLetterLargeObjectsTest {

    @Test
    void largeTextIsShownAsItsTextAndABlobAsBase64() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:dead-letter-large-objects")) {
            Clob notes = connection.createClob();
            notes.setString(1, "Prefers email.\nLikes çay.");
            SQLXML prefs = connection.createSQLXML();
            prefs.setString("<prefs/>");
            Blob photo = connection.createBlob();
            photo.setBytes(1, new byte[] {1, 2, 3});
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("notes", notes);
            row.put("prefs", prefs);
            row.put("photo", photo);

            Map<String, Object> shown = DeadLetterRecords.jsonSafe(row);

            assertEquals(Map.of("notes", "Prefers email.\nLikes çay.", "prefs", "<prefs/>",
                    "photo", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})), shown);
        }
    }
}
