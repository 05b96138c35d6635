package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.insidersync.source.ColumnType.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Type names as Databricks' DESCRIBE TABLE prints them, and as other databases' JDBC metadata gives them. */
class ColumnTypeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            string                                  | STRING        |
            varchar(50)                             | STRING        |
            char(3)                                 | STRING        |
            boolean                                 | BOOLEAN       |
            tinyint                                 | INTEGER       |
            smallint                                | INTEGER       |
            int                                     | INTEGER       |
            bigint                                  | INTEGER       |
            decimal(38,18)                          | DECIMAL       |
            float                                   | FLOATING      |
            double                                  | FLOATING      |
            date                                    | DATE          |
            timestamp                               | TIMESTAMP     |
            timestamp_ntz                           | TIMESTAMP_NTZ |
            interval day to second                  | INTERVAL      |
            interval year to month                  | INTERVAL      |
            array<string>                           | ARRAY         | STRING
            array<bigint>                           | ARRAY         | INTEGER
            array<struct<a:int>>                    | ARRAY         | STRUCT
            map<string,string>                      | MAP           |
            struct<tier:string,points:int>          | STRUCT        |
            binary                                  | BINARY        |
            void                                    | OTHER         |
            variant                                 | OTHER         |
            BIGINT                                  | INTEGER       |
            """)
    void databricksTypeNames(String name, Kind kind, Kind element) {
        ColumnType type = ColumnType.ofDatabricks(name);
        assertEquals(kind, type.kind());
        assertEquals(element, type.element() == null ? null : type.element().kind());
    }

    /** java.sql.Types codes: 12 VARCHAR, 93 TIMESTAMP, 2014 TIMESTAMP_WITH_TIMEZONE, 2003 ARRAY, 2002 STRUCT, 1111 OTHER. */
    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            12   | CHARACTER VARYING        | STRING        |
            16   | BOOLEAN                  | BOOLEAN       |
            4    | INTEGER                  | INTEGER       |
            -5   | BIGINT                   | INTEGER       |
            3    | DECIMAL                  | DECIMAL       |
            8    | DOUBLE PRECISION         | FLOATING      |
            91   | DATE                     | DATE          |
            93   | TIMESTAMP                | TIMESTAMP_NTZ |
            2014 | TIMESTAMP WITH TIME ZONE | TIMESTAMP     |
            2003 | CHARACTER VARYING ARRAY  | ARRAY         | STRING
            2003 | INTEGER ARRAY            | ARRAY         | INTEGER
            2002 | ROW                      | STRUCT        |
            -3   | BINARY VARYING           | BINARY        |
            1111 | INTERVAL DAY TO SECOND   | INTERVAL      |
            1111 | JSON                     | OTHER         |
            """)
    void jdbcTypes(int sqlType, String name, Kind kind, Kind element) {
        ColumnType type = ColumnType.ofJdbc(sqlType, name);
        assertEquals(kind, type.kind());
        assertEquals(element, type.element() == null ? null : type.element().kind());
    }
}
