package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Types;
import java.time.ZoneId;

import io.insidersync.source.ColumnType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLOB, NCLOB and SQLXML values, as H2's driver hands them over, convert as their whole text, whichever field they fill;
 * so does a row that reaches the mapping without the read-ahead having read them.
 */
class LargeObjectValuesTest {

    private static final String LONG_TEXT = "Line one, çay.\n" + "x".repeat(50_000);

    private final ValueConverter converter = new ValueConverter(ZoneId.of("UTC"));
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:large-object-values");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private Clob clob(String text) throws SQLException {
        Clob clob = connection.createClob();
        clob.setString(1, text);
        return clob;
    }

    @Test
    void aClobFillsAStringFieldWithItsWholeText() throws Exception {
        assertEquals(LONG_TEXT, converter.convert(clob(LONG_TEXT), ColumnType.ofJdbc(Types.CLOB, "CHARACTER LARGE OBJECT"), FieldType.STRING));
    }

    @Test
    void anNclobFillsACustomFieldWithItsWholeText() throws Exception {
        NClob nclob = connection.createNClob();
        nclob.setString(1, "Notes: 茶");
        assertEquals("Notes: 茶", converter.convert(nclob, ColumnType.ofJdbc(Types.NCLOB, "NCLOB"), FieldType.AS_SOURCE));
    }

    @Test
    void anSqlxmlValueFillsAStringFieldWithItsDocument() throws Exception {
        SQLXML xml = connection.createSQLXML();
        xml.setString("<prefs><channel>email</channel></prefs>");
        assertEquals("<prefs><channel>email</channel></prefs>", converter.convert(xml, ColumnType.ofJdbc(Types.SQLXML, "SQLXML"), FieldType.STRING));
    }

    @Test
    void aClobHoldingANumberFillsAnIntegerFieldAsTextWould() throws Exception {
        assertEquals(BigInteger.valueOf(42), converter.convert(clob("42"), ColumnType.ofJdbc(Types.CLOB, "CLOB"), FieldType.INTEGER));
    }
}
