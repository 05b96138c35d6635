package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The start-up check of the mapping against the table's columns: each mistake and its exact message. */
class MappingCheckTest {

    private static final TableSchema TABLE = schema(
            "id", "bigint", "email", "string", "Phone", "string", "signup", "date", "tags", "array<string>", "nested", "array<array<string>>",
            "attrs", "struct<a:int>", "photo", "binary", "event", "string", "event_time", "timestamp", "params", "map<string,string>",
            "qty", "int", "_commit_timestamp", "timestamp");

    private static TableSchema schema(String... pairs) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            columns.put(pairs[i], ColumnType.ofDatabricks(pairs[i + 1]));
        }
        return new TableSchema("main.shop.purchases", columns);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            mapping.attributes.name=email                   | -
            mapping.attributes.custom.tags=tags             | -
            mapping.event.params.taxonomy=tags              | -
            mapping.attributes.custom.extra=attrs           | -
            mapping.event.params-column=params              | -
            mapping.event.timestamp=event_time              | -
            mapping.attributes.age=signup                   | mapping.attributes.age: column signup is DATE, which cannot become age (an integer); it takes STRING, VARCHAR, CHAR, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE columns
            mapping.attributes.name=tags                    | mapping.attributes.name: column tags is ARRAY<STRING>, which cannot become name (a string); it takes STRING, VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_NTZ, INTERVAL, MAP, STRUCT, other types columns
            mapping.event.params.taxonomy=nested            | mapping.event.params.taxonomy: column nested is ARRAY<ARRAY<STRING>>, which cannot become taxonomy (an array of strings); it takes STRING, VARCHAR, CHAR, ARRAY columns (arrays of simple values)
            mapping.attributes.custom.photo=photo           | mapping.attributes.custom.photo: column photo is BINARY, which cannot become custom.photo (a custom value); it takes STRING, VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_NTZ, INTERVAL, ARRAY, MAP, STRUCT, other types columns (arrays of simple values)
            mapping.event.params-column=qty                 | mapping.event.params-column: column qty is INT, which cannot become event_params (an object of event parameters); it takes STRING, VARCHAR, CHAR, MAP, STRUCT columns
            mapping.event.timestamp=attrs                   | mapping.event.timestamp: column attrs is STRUCT<A:INT>, which cannot become timestamp (an RFC 3339 date-time); it takes STRING, VARCHAR, CHAR, TINYINT, SMALLINT, INT, BIGINT, DATE, TIMESTAMP, TIMESTAMP_NTZ columns
            mapping.identifiers.custom.crm_id=id            | -
            mapping.identifiers.uuid=attrs                  | mapping.identifiers.uuid: column attrs is STRUCT<A:INT>, which cannot become uuid (an identifier, sent as text); it takes STRING, VARCHAR, CHAR, TINYINT, SMALLINT, INT, BIGINT, DECIMAL columns
            mapping.attributes.city=town                    | mapping.attributes.city: table main.shop.purchases has no column town
            mapping.identifiers.phone_number=phone          | mapping.identifiers.phone_number: table main.shop.purchases has no column phone (there is Phone: names must match exactly)
            """)
    void eachMappingIsHeldToItsColumn(String line, String problem) {
        MappingCheck check = new MappingCheck(MappingConfig.from(TestSettings.of("mapping.identifiers.email=email", "mapping.event.name=event", line)),
                List.of("id"));
        assertEquals(problem == null ? List.of() : List.of(problem), check.problems(TABLE));
    }

    @ParameterizedTest(name = "keys {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            id     | -
            line   | sync.key-columns: table main.shop.purchases has no column line
            """)
    void theKeyColumnsMustExist(String key, String problem) {
        MappingCheck check = new MappingCheck(MappingConfig.from(TestSettings.of("mapping.identifiers.email=email")), List.of(key));
        assertEquals(problem == null ? List.of() : List.of(problem), check.problems(TABLE));
    }
}
