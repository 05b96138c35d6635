package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The start-up check for the large-object columns of a change table in another database, typed from JDBC metadata as
 * H2 names them: CLOB, NCLOB and SQLXML are text, and fill what text fills; a BLOB fills nothing.
 */
class LargeObjectMappingCheckTest {

    private static final TableSchema TABLE = table();

    private static TableSchema table() {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        columns.put("id", ColumnType.ofJdbc(Types.BIGINT, "BIGINT"));
        columns.put("email", ColumnType.ofJdbc(Types.VARCHAR, "CHARACTER VARYING"));
        columns.put("notes", ColumnType.ofJdbc(Types.CLOB, "CHARACTER LARGE OBJECT"));
        columns.put("notes_n", ColumnType.ofJdbc(Types.NCLOB, "NATIONAL CHARACTER LARGE OBJECT"));
        columns.put("prefs", ColumnType.ofJdbc(Types.SQLXML, "XML"));
        columns.put("photo", ColumnType.ofJdbc(Types.BLOB, "BINARY LARGE OBJECT"));
        return new TableSchema("profile_notes", columns);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            mapping.attributes.name=notes                 | -
            mapping.attributes.custom.notes=notes_n       | -
            mapping.attributes.custom.prefs=prefs         | -
            mapping.identifiers.custom.prefs=prefs        | -
            mapping.attributes.age=prefs                  | -
            mapping.attributes.name=photo                 | mapping.attributes.name: column photo is BINARY LARGE OBJECT, which cannot become name (a string); it takes STRING, VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_NTZ, INTERVAL, MAP, STRUCT, other types columns
            mapping.attributes.custom.photo=photo         | mapping.attributes.custom.photo: column photo is BINARY LARGE OBJECT, which cannot become custom.photo (a custom value); it takes STRING, VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_NTZ, INTERVAL, ARRAY, MAP, STRUCT, other types columns (arrays of simple values)
            """)
    void largeTextFillsWhatTextFillsAndABlobNothing(String line, String problem) {
        MappingCheck check = new MappingCheck(MappingConfig.from(TestSettings.of("mapping.identifiers.email=email", line)), List.of("id"));
        assertEquals(problem == null ? List.of() : List.of(problem), check.problems(TABLE));
    }
}
