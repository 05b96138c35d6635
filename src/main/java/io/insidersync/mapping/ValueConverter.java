package io.insidersync.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.source.ColumnType;
import io.insidersync.source.ColumnType.Kind;
import io.insidersync.source.LargeObjects;

/**
 * Converts what the JDBC driver returns for a Databricks column into the JSON value Insider takes for a field:
 * strings, integers, numbers (decimals keep every digit), booleans, RFC 3339 date-times in UTC, arrays, and the
 * object of the event-parameters column; CLOB, NCLOB and SQLXML values are their whole text. The column's type decides
 * what a driver's value means where the value alone cannot: a {@code java.sql.Timestamp} is an instant for TIMESTAMP
 * but a wall-clock time for TIMESTAMP_NTZ.
 */
public final class ValueConverter {

    /** Decimals in JSON text stay BigDecimal, so no digit is lost on the way through. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern DIGITS = Pattern.compile("-?\\d+");
    /** {@code yyyy-MM-dd HH:mm:ss[.fraction]}: how Databricks prints a timestamp without zone. */
    private static final DateTimeFormatter SPACE_SEPARATED = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final ZoneId timezone;

    /** @param timezone how date-times without a zone of their own are read ({@code mapping.timezone}) */
    public ValueConverter(ZoneId timezone) {
        this.timezone = timezone;
    }

    /**
     * The JSON value of a non-null column value for a field of the given type.
     *
     * @param column the column's type, or null when the value has no column of its own (an entry of the event-parameters
     *               column): then the value's Java type decides
     */
    public Object convert(Object value, ColumnType column, FieldType type) throws ConversionException {
        if (LargeObjects.isText(value)) {
            // Normally read as the row was taken from the driver; a row that came another way is read here.
            value = textOf(value);
        }
        if (value instanceof byte[] || value instanceof java.sql.Blob || column != null && column.kind() == Kind.BINARY) {
            throw new ConversionException("binary values cannot be sent to Insider");
        }
        boolean instant = column != null && column.kind() == Kind.TIMESTAMP;
        return switch (type) {
            case STRING, IDENTIFIER -> toText(value, instant);
            case INTEGER -> toInteger(value);
            case NUMBER -> toNumber(value);
            case BOOLEAN -> toBoolean(value);
            case DATETIME -> toDateTime(value, instant);
            case STRING_ARRAY -> toArray(value, false);
            case NUMBER_ARRAY -> toArray(value, true);
            case AS_SOURCE -> asSource(value, column, instant);
            case OBJECT -> toObject(value);
        };
    }

    private static String textOf(Object largeObject) throws ConversionException {
        try {
            return LargeObjects.text(largeObject);
        } catch (SQLException e) {
            throw new ConversionException("could not be read from the database: " + e.getMessage());
        }
    }

    private String toText(Object value, boolean instant) throws ConversionException {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character || value instanceof java.util.UUID) {
            return value.toString();
        }
        if (isTemporal(value)) {
            return toDateTime(value, instant);
        }
        if (value instanceof Map<?, ?> map) {
            return jsonText(map);
        }
        if (isArray(value)) {
            throw new ConversionException("is an array, and this field takes a single text value");
        }
        return value.toString();
    }

    private static String jsonText(Map<?, ?> map) throws ConversionException {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new ConversionException("is a map that cannot be written as JSON text: " + e.getOriginalMessage());
        }
    }

    private Object toInteger(Object value) throws ConversionException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            return value;
        }
        BigDecimal decimal = value instanceof Number || value instanceof String ? decimalOf(value) : null;
        if (decimal == null) {
            throw new ConversionException("'" + value + "' is not a whole number");
        }
        try {
            return decimal.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new ConversionException("'" + value + "' is not a whole number");
        }
    }

    private Object toNumber(Object value) throws ConversionException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        BigDecimal decimal = value instanceof Number || value instanceof String ? decimalOf(value) : null;
        if (decimal == null) {
            throw new ConversionException("'" + value + "' is not a number");
        }
        return decimal;
    }

    /** Floats go through their shortest decimal text, so FLOAT 0.1 stays 0.1 rather than 0.100000001490116. */
    private static BigDecimal decimalOf(Object value) {
        try {
            if (value instanceof Float f) {
                return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
            }
            if (value instanceof Double d) {
                return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
            }
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Boolean toBoolean(Object value) throws ConversionException {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "y" -> Boolean.TRUE;
            case "false", "0", "no", "n" -> Boolean.FALSE;
            default -> throw new ConversionException("'" + value + "' is not a boolean (true/false, 1/0, yes/no)");
        };
    }

    /**
     * RFC 3339 in UTC, for example {@code 2021-01-10T21:35:20Z}.
     *
     * @param instant whether the column holds instants (TIMESTAMP); otherwise a time without a zone is read in
     *                {@code mapping.timezone}
     */
    private String toDateTime(Object value, boolean instant) throws ConversionException {
        return DateTimeFormatter.ISO_INSTANT.format(instantOf(value, instant));
    }

    private Instant instantOf(Object value, boolean columnHoldsInstants) throws ConversionException {
        if (value instanceof java.sql.Timestamp timestamp) {
            return columnHoldsInstants ? timestamp.toInstant() : timestamp.toLocalDateTime().atZone(timezone).toInstant();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.atZone(timezone).toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        if (value instanceof Number number) {
            return epoch(number.longValue());
        }
        if (value instanceof String text) {
            return parseDateTime(text.trim());
        }
        throw new ConversionException("'" + value + "' is not a date-time");
    }

    private Instant parseDateTime(String text) throws ConversionException {
        if (DIGITS.matcher(text).matches()) {
            return epoch(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(text).atZone(timezone).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(text, SPACE_SEPARATED).atZone(timezone).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            throw new ConversionException("'" + text + "' is not a date-time (ISO 8601, yyyy-MM-dd HH:mm:ss, or epoch seconds/millis)");
        }
    }

    /** Epoch seconds or milliseconds: below 10^11 it can only be seconds (10^11 ms is 1973, 10^11 s is year 5138). */
    private static Instant epoch(long value) {
        return Math.abs(value) < 100_000_000_000L ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }

    private List<Object> toArray(Object value, boolean numbers) throws ConversionException {
        List<Object> elements = elementsOf(value);
        List<Object> converted = new ArrayList<>(elements.size());
        for (Object element : elements) {
            if (element == null) {
                continue;
            }
            if (isArray(element) || element instanceof Map) {
                throw new ConversionException("holds nested values; Insider takes an array of simple " + (numbers ? "numbers" : "strings"));
            }
            converted.add(numbers ? toNumber(element) : toText(element, false));
        }
        return converted;
    }

    private Object asSource(Object value, ColumnType column, boolean instant) throws ConversionException {
        if (column != null && column.kind() == Kind.ARRAY && value instanceof String) {
            // The driver sent the array as JSON text.
            return asSource(elementsOf(value), null, instant);
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number) {
            return toNumber(value);
        }
        if (isTemporal(value)) {
            return toDateTime(value, instant);
        }
        if (value instanceof Map<?, ?> map) {
            return jsonText(map);
        }
        if (isArray(value)) {
            List<Object> elements = elementsOf(value);
            boolean allNumbers = !elements.isEmpty() && elements.stream().allMatch(e -> e == null || e instanceof Number);
            return toArray(value, allNumbers);
        }
        return value.toString();
    }

    /** The event-parameters column: a map (MAP or STRUCT as the driver returns it) or JSON object text. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> toObject(Object value) throws ConversionException {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new java.util.LinkedHashMap<>();
            map.forEach((key, entry) -> entries.put(String.valueOf(key), entry));
            return entries;
        }
        if (value instanceof String text && text.trim().startsWith("{")) {
            try {
                return JSON.readValue(text, Map.class);
            } catch (JsonProcessingException e) {
                throw new ConversionException("'" + abbreviate(text) + "' looks like a JSON object but is not one");
            }
        }
        throw new ConversionException("'" + abbreviate(String.valueOf(value)) + "' is not an object of event parameters (a MAP, a STRUCT or JSON object text)");
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static boolean isTemporal(Object value) {
        return value instanceof java.util.Date || value instanceof java.time.temporal.Temporal;
    }

    private static boolean isArray(Object value) {
        return value instanceof Array || value instanceof Object[] || value instanceof Collection;
    }

    private static List<Object> elementsOf(Object value) throws ConversionException {
        if (value instanceof Array sqlArray) {
            try {
                return java.util.Arrays.asList((Object[]) sqlArray.getArray());
            } catch (SQLException | ClassCastException e) {
                throw new ConversionException("is an array the driver could not read: " + e.getMessage());
            }
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.asList(array);
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value instanceof String text && text.trim().startsWith("[")) {
            // Drivers often return ARRAY columns as JSON text.
            try {
                return JSON.readValue(text, JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
            } catch (JsonProcessingException e) {
                throw new ConversionException("'" + text + "' looks like a JSON array but is not one");
            }
        }
        return List.of(value);
    }
}
