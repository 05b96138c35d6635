package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class ValueConverterTest {

    private final ValueConverter utc = new ValueConverter(ZoneId.of("UTC"));
    private final ValueConverter istanbul = new ValueConverter(ZoneId.of("Europe/Istanbul"));

    @Test
    void decimalsKeepEveryDigitAndFloatsTheirShortestForm() throws Exception {
        assertEquals(new BigDecimal("0.100000000000000000"), utc.convert(new BigDecimal("0.100000000000000000"), FieldType.NUMBER));
        assertEquals(new BigDecimal("0.1"), utc.convert(0.1f, FieldType.NUMBER));
        assertEquals(new BigDecimal("890.9"), utc.convert("890.9", FieldType.NUMBER));
        assertEquals(7L, utc.convert(7L, FieldType.NUMBER));
    }

    @Test
    void integersMustBeWhole() throws Exception {
        assertEquals(3, utc.convert(3, FieldType.INTEGER));
        assertEquals(BigInteger.valueOf(2), utc.convert(new BigDecimal("2.00"), FieldType.INTEGER));
        ConversionException error = assertThrows(ConversionException.class, () -> utc.convert(new BigDecimal("2.5"), FieldType.INTEGER));
        assertTrue(error.getMessage().contains("not a whole number"));
    }

    @Test
    void dateTimesBecomeRfc3339InUtc() throws Exception {
        assertEquals("1993-03-12T00:00:00Z", utc.convert(java.sql.Date.valueOf("1993-03-12"), FieldType.DATETIME));
        assertEquals("1993-03-12T00:00:00Z", istanbul.convert(LocalDate.of(1993, 3, 12), FieldType.DATETIME), "a date is a calendar day, not a local midnight");
        assertEquals("2021-01-10T21:35:20Z", utc.convert(Timestamp.valueOf("2021-01-10 21:35:20"), FieldType.DATETIME));
        assertEquals("2021-01-10T18:35:20Z", istanbul.convert(Timestamp.valueOf("2021-01-10 21:35:20"), FieldType.DATETIME));
        assertEquals("2021-01-10T18:35:20Z", utc.convert(OffsetDateTime.parse("2021-01-10T21:35:20+03:00"), FieldType.DATETIME));
        assertEquals("2021-01-10T21:35:20.500Z", utc.convert(LocalDateTime.of(2021, 1, 10, 21, 35, 20, 500_000_000), FieldType.DATETIME));
    }

    @Test
    void dateTimeTextIsParsedFromTheCommonFormats() throws Exception {
        assertEquals("2021-01-10T18:35:20Z", utc.convert("2021-01-10T21:35:20+03:00", FieldType.DATETIME));
        assertEquals("2021-01-10T21:35:20Z", utc.convert("2021-01-10T21:35:20", FieldType.DATETIME));
        assertEquals("2021-01-10T21:35:20.123Z", utc.convert("2021-01-10 21:35:20.123", FieldType.DATETIME));
        assertEquals("2021-01-10T21:35:20Z", utc.convert("1610314520", FieldType.DATETIME));
        assertEquals("2021-01-10T21:35:20Z", utc.convert(1610314520000L, FieldType.DATETIME));
        ConversionException error = assertThrows(ConversionException.class, () -> utc.convert("next tuesday", FieldType.DATETIME));
        assertTrue(error.getMessage().contains("'next tuesday' is not a date-time"));
    }

    @Test
    void arraysBecomeArraysOfSimpleValues() throws Exception {
        assertEquals(List.of("Electronic", "Phone"), utc.convert(new String[] {"Electronic", "Phone"}, FieldType.STRING_ARRAY));
        assertEquals(List.of("Electronic", "Phone"), utc.convert("[\"Electronic\",\"Phone\"]", FieldType.STRING_ARRAY));
        assertEquals(List.of(1L, 2L), utc.convert(List.of(1L, 2L), FieldType.NUMBER_ARRAY));
        assertThrows(ConversionException.class, () -> utc.convert(List.of(List.of("a")), FieldType.STRING_ARRAY));
    }

    @Test
    void booleansAndTextAndBinary() throws Exception {
        assertEquals(Boolean.TRUE, utc.convert("yes", FieldType.BOOLEAN));
        assertEquals(Boolean.FALSE, utc.convert(0, FieldType.BOOLEAN));
        assertThrows(ConversionException.class, () -> utc.convert("maybe", FieldType.BOOLEAN));
        assertEquals("12.50", utc.convert(new BigDecimal("12.50"), FieldType.STRING));
        assertThrows(ConversionException.class, () -> utc.convert(new byte[] {1, 2}, FieldType.STRING));
    }
}
