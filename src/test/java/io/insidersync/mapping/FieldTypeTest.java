package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.insidersync.source.ColumnType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which Databricks column types can fill which Insider types: the table the start-up check holds a mapping to.
 * A type missing from a row fails start-up; one present converts, value by value where it may not (text as a number).
 */
class FieldTypeTest {

    @ParameterizedTest(name = "{0} fills {1}")
    @CsvSource(delimiter = '|', textBlock = """
            string                  | STRING IDENTIFIER INTEGER NUMBER BOOLEAN DATETIME STRING_ARRAY NUMBER_ARRAY AS_SOURCE OBJECT
            varchar(20)             | STRING IDENTIFIER INTEGER NUMBER BOOLEAN DATETIME STRING_ARRAY NUMBER_ARRAY AS_SOURCE OBJECT
            boolean                 | STRING BOOLEAN AS_SOURCE
            tinyint                 | STRING IDENTIFIER INTEGER NUMBER BOOLEAN DATETIME NUMBER_ARRAY AS_SOURCE
            smallint                | STRING IDENTIFIER INTEGER NUMBER BOOLEAN DATETIME NUMBER_ARRAY AS_SOURCE
            int                     | STRING IDENTIFIER INTEGER NUMBER BOOLEAN DATETIME NUMBER_ARRAY AS_SOURCE
            bigint                  | STRING IDENTIFIER INTEGER NUMBER BOOLEAN DATETIME NUMBER_ARRAY AS_SOURCE
            decimal(10,2)           | STRING IDENTIFIER INTEGER NUMBER NUMBER_ARRAY AS_SOURCE
            float                   | STRING INTEGER NUMBER NUMBER_ARRAY AS_SOURCE
            double                  | STRING INTEGER NUMBER NUMBER_ARRAY AS_SOURCE
            date                    | STRING DATETIME AS_SOURCE
            timestamp               | STRING DATETIME AS_SOURCE
            timestamp_ntz           | STRING DATETIME AS_SOURCE
            interval day to second  | STRING AS_SOURCE
            array<string>           | STRING_ARRAY NUMBER_ARRAY AS_SOURCE
            array<bigint>           | STRING_ARRAY NUMBER_ARRAY AS_SOURCE
            array<date>             | STRING_ARRAY AS_SOURCE
            array<struct<a:int>>    |
            array<binary>           |
            map<string,string>      | STRING AS_SOURCE OBJECT
            struct<a:int,b:string>  | STRING AS_SOURCE OBJECT
            binary                  |
            void                    | STRING AS_SOURCE
            """)
    void columnTypesFillTheseInsiderTypes(String databricksType, String fieldTypes) {
        Set<FieldType> expected = fieldTypes == null ? EnumSet.noneOf(FieldType.class)
                : Arrays.stream(fieldTypes.trim().split("\\s+")).map(FieldType::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(FieldType.class)));
        ColumnType column = ColumnType.ofDatabricks(databricksType);
        Set<FieldType> accepted = Arrays.stream(FieldType.values()).filter(type -> type.accepts(column))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FieldType.class)));
        assertEquals(expected, accepted);
    }
}
