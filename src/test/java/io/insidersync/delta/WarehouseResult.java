package io.insidersync.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A statement's result, held as the text Spark's Thrift Server gave for each cell (date-times in the session's zone), and
 * written the two ways a warehouse answers: {@code JSON_ARRAY} cells (every value a string, a TIMESTAMP with its offset, a
 * TIMESTAMP_NTZ without one) and Arrow IPC streams, one per chunk, with the vectors a warehouse uses (epoch microseconds
 * with the session's zone for TIMESTAMP, without a zone for TIMESTAMP_NTZ, days for DATE, 128-bit decimals, durations for
 * day-time intervals) and each field's SQL type in the metadata key the driver reads. ARRAY, MAP and STRUCT cells are
 * JSON text in both forms, as a warehouse sends them unless complex types are asked for as Arrow.
 */
final class WarehouseResult {

    /** The Arrow field metadata key that carries a column's SQL type. */
    static final String SQL_TYPE_KEY = "Spark:DataType:SqlName";
    private static final Pattern DAY_TIME = Pattern.compile("(-)?(?:(\\d+) )?(\\d+):(\\d+):(\\d+)(?:\\.(\\d+))?");
    private static final Pattern YEAR_MONTH = Pattern.compile("(-)?(\\d+)-(\\d+)");

    private final List<WarehouseColumn> columns;
    private final List<List<String>> rows;
    private final ZoneId sessionZone;

    WarehouseResult(List<WarehouseColumn> columns, List<List<String>> rows, ZoneId sessionZone) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.sessionZone = sessionZone;
    }

    List<WarehouseColumn> columns() {
        return columns;
    }

    int rowCount() {
        return rows.size();
    }

    /** The rows from {@code from} (inclusive) to {@code to} (exclusive) as {@code JSON_ARRAY} cells. */
    List<List<String>> jsonCells(int from, int to) {
        List<List<String>> cells = new ArrayList<>();
        for (List<String> row : rows.subList(from, to)) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                out.add(jsonCell(columns.get(i), row.get(i)));
            }
            cells.add(out);
        }
        return cells;
    }

    private String jsonCell(WarehouseColumn column, String text) {
        if (text == null) {
            return null;
        }
        return switch (column.typeName()) {
            case "TIMESTAMP" -> localDateTime(text).atZone(sessionZone).toOffsetDateTime().toString();
            case "TIMESTAMP_NTZ" -> localDateTime(text).toString();
            case "FLOAT" -> Float.toString(Float.parseFloat(text));
            default -> text;
        };
    }

    /** The rows from {@code from} to {@code to} as one Arrow IPC stream: the schema, then one record batch. */
    byte[] arrowStream(int from, int to) {
        List<Field> fields = columns.stream().map(this::field).toList();
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator)) {
            root.allocateNew();
            for (int c = 0; c < columns.size(); c++) {
                FieldVector vector = root.getVector(c);
                for (int r = from; r < to; r++) {
                    String text = rows.get(r).get(c);
                    if (text != null) {
                        set(vector, r - from, columns.get(c), text);
                    }
                }
            }
            root.setRowCount(to - from);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Field field(WarehouseColumn column) {
        ArrowType type = switch (column.typeName()) {
            case "BOOLEAN" -> ArrowType.Bool.INSTANCE;
            case "BYTE" -> new ArrowType.Int(8, true);
            case "SHORT" -> new ArrowType.Int(16, true);
            case "INT" -> new ArrowType.Int(32, true);
            case "LONG" -> new ArrowType.Int(64, true);
            case "FLOAT" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "DOUBLE" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "DECIMAL" -> new ArrowType.Decimal(column.precision(), column.scale(), 128);
            case "DATE" -> new ArrowType.Date(DateUnit.DAY);
            case "TIMESTAMP" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, sessionZone.getId());
            case "TIMESTAMP_NTZ" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case "INTERVAL" -> column.isDayTimeInterval() ? new ArrowType.Duration(TimeUnit.MICROSECOND) : new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
            default -> ArrowType.Utf8.INSTANCE; // STRING, and ARRAY, MAP, STRUCT as JSON text
        };
        return new Field(column.name(), new FieldType(true, type, null, Map.of(SQL_TYPE_KEY, column.typeText())), null);
    }

    private void set(FieldVector vector, int index, WarehouseColumn column, String text) {
        if (vector instanceof BitVector v) {
            v.setSafe(index, Boolean.parseBoolean(text) ? 1 : 0);
        } else if (vector instanceof TinyIntVector v) {
            v.setSafe(index, Byte.parseByte(text));
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(index, Short.parseShort(text));
        } else if (vector instanceof IntVector v) {
            v.setSafe(index, Integer.parseInt(text));
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, Long.parseLong(text));
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, Float.parseFloat(text));
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, Double.parseDouble(text));
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(index, new BigDecimal(text).setScale(column.scale()));
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(index, (int) LocalDate.parse(text).toEpochDay());
        } else if (vector instanceof TimeStampMicroTZVector v) {
            v.setSafe(index, ChronoUnit.MICROS.between(Instant.EPOCH, localDateTime(text).atZone(sessionZone).toInstant()));
        } else if (vector instanceof TimeStampMicroVector v) {
            v.setSafe(index, ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), localDateTime(text)));
        } else if (vector instanceof DurationVector v) {
            v.setSafe(index, dayTime(text).toNanos() / 1000);
        } else if (vector instanceof IntervalYearVector v) {
            v.setSafe(index, yearMonth(text));
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(index, text.getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalStateException("no Arrow writer for " + vector.getClass().getSimpleName());
        }
    }

    /** Spark's text of a date-time: {@code 2026-01-02 03:04:05} with up to six digits of fraction. */
    private static LocalDateTime localDateTime(String text) {
        return LocalDateTime.parse(text.trim().replace(' ', 'T'));
    }

    /** Spark's text of a day-time interval, {@code 1 02:03:04.000000000}. */
    private static Duration dayTime(String text) {
        Matcher m = DAY_TIME.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a day-time interval: " + text);
        }
        Duration duration = Duration.ofDays(m.group(2) == null ? 0 : Long.parseLong(m.group(2))).plusHours(Long.parseLong(m.group(3)))
                .plusMinutes(Long.parseLong(m.group(4))).plusSeconds(Long.parseLong(m.group(5)));
        if (m.group(6) != null) {
            duration = duration.plusNanos(Long.parseLong((m.group(6) + "000000000").substring(0, 9)));
        }
        return m.group(1) == null ? duration : duration.negated();
    }

    /** Spark's text of a year-month interval, {@code 1-2}, as months. */
    private static int yearMonth(String text) {
        Matcher m = YEAR_MONTH.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a year-month interval: " + text);
        }
        int months = Integer.parseInt(m.group(2)) * 12 + Integer.parseInt(m.group(3));
        return m.group(1) == null ? months : -months;
    }
}
