package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.JsonLines;
import io.insidersync.support.TestState;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change table whose mapped columns are CLOB and NCLOB (and which holds a BLOB the mapping leaves out): the real YAML
 * routes read it from H2 and the stand-in Insider receives each value's whole text, as does a dead-letter record.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:large-objects-test.properties", "file:application.properties"})
class LargeObjectColumnsTest {

    static final com.github.tomakehurst.wiremock.WireMockServer INSIDER = InsiderStandIn.server();
    static final java.nio.file.Path STATE = TestState.dir();
    private static final String TABLE = "profile_notes";
    /** Longer than H2 keeps inside a row, over several lines and outside ASCII. */
    private static final String NOTES = "Prefers email.\nLikes: çay, kahve, 茶.\n" + "Wishlist item; ".repeat(4_000);
    private static final byte[] PHOTO = {1, 2, 3, (byte) 0xff};

    static {
        // The sync checks the table's columns against the mapping when it starts.
        createTable();
    }

    @Produce("direct:sync-run")
    ProducerTemplate sync;

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(ChangeTable.URL);
    }

    private static void createTable() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS \"" + TABLE + "\"");
            statement.execute("CREATE TABLE \"" + TABLE + "\" (\"member_id\" VARCHAR(20) NOT NULL, \"email\" VARCHAR(100), "
                    + "\"first_name\" CLOB, \"notes\" NCLOB, \"photo\" BLOB, \"_change_type\" VARCHAR(20) NOT NULL, "
                    + "\"_commit_version\" BIGINT NOT NULL, \"_commit_timestamp\" TIMESTAMP NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test table " + TABLE, e);
        }
    }

    private static void member(String memberId, String email, String firstName, String notes) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + TABLE + "\" VALUES (?, ?, ?, ?, ?, 'insert', 1, ?)")) {
            insert.setString(1, memberId);
            insert.setString(2, email);
            insert.setString(3, firstName);
            insert.setString(4, notes);
            insert.setBytes(5, PHOTO);
            insert.setTimestamp(6, Timestamp.valueOf(LocalDateTime.of(2026, 11, 21, 0, 1)));
            insert.executeUpdate();
        }
    }

    @BeforeEach
    void freshState() throws IOException {
        TestState.clear();
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        createTable();
    }

    private String runSyncSuccessfully() {
        Exchange result = sync.request("direct:sync-run", exchange -> { });
        assertNull(result.getException(), () -> "run failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    @Test
    void clobAndNclobColumnsArriveAsTheirWholeText() throws Exception {
        member("m-1", "ann@example.com", "Ann-Marie", NOTES);

        runSyncSuccessfully();

        List<JsonNode> users = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.path("users").forEach(users::add));
        assertEquals(1, users.size(), users.toString());
        JsonNode attributes = users.get(0).path("attributes");
        assertEquals("Ann-Marie", attributes.path("name").asText());
        assertEquals(NOTES, attributes.path("custom").path("notes").asText());
    }

    @Test
    void aDeadLetteredRowShowsItsLargeObjectsAsTextAndBytes() throws Exception {
        member("m-2", "not-an-email", "Bo", NOTES);

        runSyncSuccessfully();

        List<JsonNode> dead = JsonLines.read(STATE.resolve("deadletter").resolve(TABLE + ".jsonl"));
        assertEquals(1, dead.size(), dead.toString());
        JsonNode row = dead.get(0).path("row");
        assertEquals("Bo", row.path("first_name").asText());
        assertEquals(NOTES, row.path("notes").asText());
        assertEquals(Base64.getEncoder().encodeToString(PHOTO), row.path("photo").asText());
    }
}
