package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.source.ColumnType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Databricks type of the seeds' type tables, as the JDBC driver returns it, into every Insider type it can fill:
 * each row asserts the exact JSON Insider receives.
 */
class ValueConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final ZoneId UTC = ZoneId.of("UTC");

    static Stream<Arguments> conversions() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("tier", "Gold");
        struct.put("points", 120);
        return Stream.of(
                // STRING / VARCHAR → string
                row("string", "Ann", FieldType.STRING, UTC, "\"Ann\""),
                row("varchar(50)", "Ann", FieldType.STRING, UTC, "\"Ann\""),
                // BOOLEAN → boolean
                row("boolean", true, FieldType.BOOLEAN, UTC, "true"),
                row("int", 0, FieldType.BOOLEAN, UTC, "false"),
                row("string", "yes", FieldType.BOOLEAN, UTC, "true"),
                // TINYINT, SMALLINT, INT, BIGINT → integer
                row("tinyint", (byte) 3, FieldType.INTEGER, UTC, "3"),
                row("smallint", (short) 30, FieldType.INTEGER, UTC, "30"),
                row("int", 30, FieldType.INTEGER, UTC, "30"),
                row("bigint", 9_007_199_254_740_993L, FieldType.INTEGER, UTC, "9007199254740993"),
                row("decimal(10,2)", new BigDecimal("2.00"), FieldType.INTEGER, UTC, "2"),
                row("double", 3.0d, FieldType.INTEGER, UTC, "3"),
                row("string", "42", FieldType.INTEGER, UTC, "42"),
                // FLOAT, DOUBLE → number (a float keeps its shortest decimal form, not 0.10000000149011612)
                row("float", 0.1f, FieldType.NUMBER, UTC, "0.1"),
                row("double", 890.9d, FieldType.NUMBER, UTC, "890.9"),
                // DECIMAL(p,s) → number with every digit
                row("decimal(38,18)", new BigDecimal("0.100000000000000000"), FieldType.NUMBER, UTC, "0.100000000000000000"),
                row("decimal(38,18)", new BigDecimal("12345678901234567890.123456789012345678"), FieldType.NUMBER, UTC,
                        "12345678901234567890.123456789012345678"),
                row("bigint", 7L, FieldType.NUMBER, UTC, "7"),
                row("string", "890.90", FieldType.NUMBER, UTC, "890.90"),
                // DATE → the day at 00:00:00Z, whatever mapping.timezone says
                row("date", java.sql.Date.valueOf("1993-03-12"), FieldType.DATETIME, ISTANBUL, "\"1993-03-12T00:00:00Z\""),
                // TIMESTAMP (an instant) → RFC 3339 in UTC; mapping.timezone does not move it
                row("timestamp", Timestamp.from(Instant.parse("2021-01-10T21:35:20Z")), FieldType.DATETIME, ISTANBUL, "\"2021-01-10T21:35:20Z\""),
                row("timestamp", OffsetDateTime.parse("2021-01-10T21:35:20+03:00"), FieldType.DATETIME, UTC, "\"2021-01-10T18:35:20Z\""),
                // TIMESTAMP_NTZ (wall-clock time) → read in mapping.timezone
                row("timestamp_ntz", Timestamp.valueOf("2021-01-10 21:35:20"), FieldType.DATETIME, ISTANBUL, "\"2021-01-10T18:35:20Z\""),
                row("timestamp_ntz", Timestamp.valueOf("2021-01-10 21:35:20"), FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20Z\""),
                row("timestamp_ntz", Timestamp.valueOf("2021-01-10 21:35:20.5"), FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20.500Z\""),
                // text in a date-time field: the formats Databricks accepts
                row("string", "2021-01-10T21:35:20+03:00", FieldType.DATETIME, UTC, "\"2021-01-10T18:35:20Z\""),
                row("string", "2021-01-10T21:35:20Z", FieldType.DATETIME, ISTANBUL, "\"2021-01-10T21:35:20Z\""),
                row("string", "2021-01-10T21:35:20", FieldType.DATETIME, ISTANBUL, "\"2021-01-10T18:35:20Z\""),
                row("string", "2021-01-10 21:35:20", FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20Z\""),
                row("string", "2021-01-10 21:35:20.123", FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20.123Z\""),
                row("string", "1993-03-12", FieldType.DATETIME, ISTANBUL, "\"1993-03-12T00:00:00Z\""),
                row("string", "1610314520", FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20Z\""),
                row("string", "1610314520123", FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20.123Z\""),
                row("bigint", 1_610_314_520L, FieldType.DATETIME, UTC, "\"2021-01-10T21:35:20Z\""),
                // a date-time in a text field is still RFC 3339
                row("timestamp", Timestamp.from(Instant.parse("2021-01-10T21:35:20Z")), FieldType.STRING, UTC, "\"2021-01-10T21:35:20Z\""),
                // ARRAY<…> → array of strings, or of numbers for number arrays
                row("array<string>", new String[] {"Electronic", "Phone"}, FieldType.STRING_ARRAY, UTC, "[\"Electronic\",\"Phone\"]"),
                row("array<string>", "[\"Electronic\",\"Phone\"]", FieldType.STRING_ARRAY, UTC, "[\"Electronic\",\"Phone\"]"),
                row("array<int>", new Integer[] {1, null, 2}, FieldType.STRING_ARRAY, UTC, "[\"1\",\"2\"]"),
                row("array<bigint>", List.of(1L, 2L), FieldType.NUMBER_ARRAY, UTC, "[1,2]"),
                row("array<bigint>", "[1,2]", FieldType.NUMBER_ARRAY, UTC, "[1,2]"),
                row("array<decimal(5,2)>", "[1.50,2.25]", FieldType.NUMBER_ARRAY, UTC, "[1.50,2.25]"),
                row("string", "Electronic", FieldType.STRING_ARRAY, UTC, "[\"Electronic\"]"),
                row("bigint", 12L, FieldType.NUMBER_ARRAY, UTC, "[12]"),
                // MAP<…> and STRUCT<…> → an object for the event-parameters column, otherwise JSON text
                row("map<string,string>", Map.of("color", "red"), FieldType.OBJECT, UTC, "{\"color\":\"red\"}"),
                row("map<string,string>", "{\"color\":\"red\"}", FieldType.OBJECT, UTC, "{\"color\":\"red\"}"),
                row("struct<tier:string,points:int>", struct, FieldType.OBJECT, UTC, "{\"tier\":\"Gold\",\"points\":120}"),
                row("struct<tier:string,points:int>", "{\"tier\":\"Gold\",\"price\":0.100000000000000000}", FieldType.OBJECT, UTC,
                        "{\"tier\":\"Gold\",\"price\":0.100000000000000000}"),
                row("map<string,string>", Map.of("color", "red"), FieldType.STRING, UTC, "\"{\\\"color\\\":\\\"red\\\"}\""),
                row("struct<tier:string,points:int>", struct, FieldType.AS_SOURCE, UTC, "\"{\\\"tier\\\":\\\"Gold\\\",\\\"points\\\":120}\""),
                row("map<string,string>", "{\"color\":\"red\"}", FieldType.AS_SOURCE, UTC, "\"{\\\"color\\\":\\\"red\\\"}\""),
                // INTERVAL → string
                row("interval day to second", "1 02:03:04.000000000", FieldType.STRING, UTC, "\"1 02:03:04.000000000\""),
                row("interval year to month", "1-2", FieldType.AS_SOURCE, UTC, "\"1-2\""),
                // custom fields keep the column's own type
                row("int", 30, FieldType.AS_SOURCE, UTC, "30"),
                row("decimal(38,18)", new BigDecimal("0.100000000000000000"), FieldType.AS_SOURCE, UTC, "0.100000000000000000"),
                row("boolean", false, FieldType.AS_SOURCE, UTC, "false"),
                row("date", java.sql.Date.valueOf("1993-03-12"), FieldType.AS_SOURCE, UTC, "\"1993-03-12T00:00:00Z\""),
                row("timestamp_ntz", Timestamp.valueOf("2021-01-10 21:35:20"), FieldType.AS_SOURCE, ISTANBUL, "\"2021-01-10T18:35:20Z\""),
                row("array<string>", "[\"green\"]", FieldType.AS_SOURCE, UTC, "[\"green\"]"),
                row("array<int>", new Integer[] {1, 2}, FieldType.AS_SOURCE, UTC, "[1,2]"));
    }

    private static Arguments row(String databricksType, Object driverValue, FieldType field, ZoneId timezone, String json) {
        return Arguments.of(databricksType, driverValue, field, timezone, json);
    }

    @ParameterizedTest(name = "{0} {1} → {2} = {4}")
    @MethodSource("conversions")
    void convertsAsTheTypeTableSays(String databricksType, Object driverValue, FieldType field, ZoneId timezone, String json) throws Exception {
        Object converted = new ValueConverter(timezone).convert(driverValue, ColumnType.ofDatabricks(databricksType), field);
        assertEquals(json, JSON.writeValueAsString(converted));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("binary", new byte[] {1, 2}, FieldType.STRING, "binary values cannot be sent to Insider"),
                Arguments.of("binary", new byte[] {1, 2}, FieldType.AS_SOURCE, "binary values cannot be sent to Insider"),
                Arguments.of("string", "next tuesday", FieldType.DATETIME,
                        "'next tuesday' is not a date-time (ISO 8601, yyyy-MM-dd HH:mm:ss, or epoch seconds/millis)"),
                Arguments.of("string", "2021-13-45 10:00:00", FieldType.DATETIME,
                        "'2021-13-45 10:00:00' is not a date-time (ISO 8601, yyyy-MM-dd HH:mm:ss, or epoch seconds/millis)"),
                Arguments.of("decimal(10,2)", new BigDecimal("2.5"), FieldType.INTEGER, "'2.5' is not a whole number"),
                Arguments.of("string", "two", FieldType.NUMBER, "'two' is not a number"),
                Arguments.of("string", "maybe", FieldType.BOOLEAN, "'maybe' is not a boolean (true/false, 1/0, yes/no)"),
                Arguments.of("array<array<string>>", List.of(List.of("a")), FieldType.STRING_ARRAY,
                        "holds nested values; Insider takes an array of simple strings"),
                Arguments.of("array<string>", List.of("a", "b"), FieldType.STRING, "is an array, and this field takes a single text value"),
                Arguments.of("array<string>", "[\"a\"", FieldType.STRING_ARRAY, "'[\"a\"' looks like a JSON array but is not one"),
                Arguments.of("string", "[1, 2]", FieldType.OBJECT, "'[1, 2]' is not an object of event parameters (a MAP, a STRUCT or JSON object text)"),
                Arguments.of("string", "{\"a\":", FieldType.OBJECT, "'{\"a\":' looks like a JSON object but is not one"));
    }

    @ParameterizedTest(name = "{0} {1} → {2} is refused")
    @MethodSource("refusals")
    void refusesWhatCannotConvertAndSaysWhy(String databricksType, Object driverValue, FieldType field, String message) {
        ConversionException error = assertThrows(ConversionException.class,
                () -> new ValueConverter(UTC).convert(driverValue, ColumnType.ofDatabricks(databricksType), field));
        assertEquals(message, error.getMessage());
    }
}
