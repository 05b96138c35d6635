package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.source.ChangeRow;
import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row of a Databricks table (types as DESCRIBE TABLE gives them) into Insider's user object, or a rejection. */
class RowMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final Map<String, String> COLUMNS = columns(
            "line_id", "string", "email", "string", "phone", "string", "uuid", "string", "crm", "bigint",
            "first_name", "string", "last_name", "string", "email_ok", "boolean", "gdpr_ok", "boolean", "sms_ok", "int", "wa_ok", "string",
            "born", "date", "gender", "string", "age", "int", "lang", "string", "country", "string", "city", "string", "lo", "string",
            "segments", "array<bigint>", "tier", "string", "event", "string", "event_time", "timestamp_ntz", "order_id", "string",
            "product_id", "string", "product_name", "string", "taxonomy", "array<string>", "url", "string", "currency", "string",
            "quantity", "int", "unit_price", "decimal(10,2)", "unit_sale_price", "decimal(10,2)", "locale", "string", "color", "string",
            "size", "string", "shipping", "string", "promo", "string", "discount", "double", "ctype", "string",
            "params", "string", "params_map", "map<string,string>",
            "_change_type", "string", "_commit_version", "bigint", "_commit_timestamp", "timestamp");

    private static final String[] FULL_MAPPING = {
        "mapping.identifiers.email=email", "mapping.identifiers.phone_number=phone", "mapping.identifiers.uuid=uuid",
        "mapping.identifiers.custom.crm_id=crm",
        "mapping.attributes.email=email", "mapping.attributes.phone_number=phone", "mapping.attributes.email_optin=email_ok",
        "mapping.attributes.gdpr_optin=gdpr_ok", "mapping.attributes.sms_optin=sms_ok", "mapping.attributes.whatsapp_optin=wa_ok",
        "mapping.attributes.name=first_name", "mapping.attributes.surname=last_name", "mapping.attributes.birthday=born",
        "mapping.attributes.gender=gender", "mapping.attributes.age=age", "mapping.attributes.language=lang",
        "mapping.attributes.country=country", "mapping.attributes.city=city", "mapping.attributes.uuid=uuid", "mapping.attributes.lo=lo",
        "mapping.attributes.static_segment_id=segments", "mapping.attributes.custom.loyalty=tier",
        "mapping.event.name=event", "mapping.event.timestamp=event_time",
        "mapping.event.params.event_group_id=order_id", "mapping.event.params.product_id=product_id",
        "mapping.event.params.name=product_name", "mapping.event.params.taxonomy=taxonomy", "mapping.event.params.url=url",
        "mapping.event.params.currency=currency", "mapping.event.params.quantity=quantity", "mapping.event.params.unit_price=unit_price",
        "mapping.event.params.unit_sale_price=unit_sale_price", "mapping.event.params.locale=locale", "mapping.event.params.color=color",
        "mapping.event.params.size=size", "mapping.event.params.shipping_cost=shipping", "mapping.event.params.promotion_name=promo",
        "mapping.event.params.promotion_discount=discount", "mapping.event.params.custom.customer_type=ctype",
        "mapping.timezone=Europe/Istanbul"};

    private static Map<String, String> columns(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static RowMapper mapper(String... settings) {
        MappingConfig mapping = MappingConfig.from(TestSettings.of(settings));
        Map<String, ColumnType> types = new LinkedHashMap<>();
        COLUMNS.forEach((name, type) -> types.put(name, ColumnType.ofDatabricks(type)));
        return new RowMapper(mapping, new TableSchema("main.shop.purchases", types), new ValueConverter(mapping.timezone()),
                new InsiderRules(InsiderRules.DEFAULT_EVENT_NAME_PATTERN));
    }

    /** A fully filled purchase line, inserted within the window. */
    private static Map<String, Object> purchaseLine() {
        Map<String, Object> row = new HashMap<>();
        row.put("line_id", "L1");
        row.put("email", "ann@example.com");
        row.put("phone", "+6598765432");
        row.put("uuid", "u-1");
        row.put("crm", 42L);
        row.put("first_name", "Ann");
        row.put("last_name", "Lee");
        row.put("email_ok", true);
        row.put("gdpr_ok", false);
        row.put("sms_ok", 1);
        row.put("wa_ok", "no");
        row.put("born", java.sql.Date.valueOf("1993-03-12"));
        row.put("gender", "female");
        row.put("age", 33);
        row.put("lang", "en_US");
        row.put("country", "SG");
        row.put("city", "Singapore");
        row.put("lo", "web");
        row.put("segments", "[7,9]");
        row.put("tier", "Gold");
        row.put("event", "purchase");
        row.put("event_time", Timestamp.valueOf("2026-11-20 13:00:00"));
        row.put("order_id", "ORDER-1");
        row.put("product_id", "SKU-1");
        row.put("product_name", "Phone");
        row.put("taxonomy", "[\"Electronic\",\"Phone\"]");
        row.put("url", "https://shop.example.com/p/1");
        row.put("currency", "USD");
        row.put("quantity", 2);
        row.put("unit_price", new BigDecimal("990.90"));
        row.put("unit_sale_price", new BigDecimal("890.90"));
        row.put("locale", "en_US");
        row.put("color", "black");
        row.put("size", "M");
        row.put("shipping", "5.00");
        row.put("promo", "WINTER");
        row.put("discount", 100.0d);
        row.put("ctype", "trial");
        row.put("_change_type", "insert");
        row.put("_commit_version", 3L);
        row.put("_commit_timestamp", Timestamp.valueOf("2026-11-21 00:00:00"));
        row.put("_inserted_in_window", 1);
        return row;
    }

    private static RowResult map(RowMapper mapper, Map<String, Object> values) {
        return mapper.map(ChangeRow.of(values, List.of("line_id")));
    }

    private static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    @Test
    void everyDefaultAndCustomFieldLandsWhereInsiderExpectsIt() throws Exception {
        RowResult.MappedRow row = assertInstanceOf(RowResult.MappedRow.class, map(mapper(FULL_MAPPING), purchaseLine()));

        assertEquals("{\"email\":\"ann@example.com\",\"phone_number\":\"+6598765432\",\"uuid\":\"u-1\",\"custom\":{\"crm_id\":\"42\"}}",
                json(row.identifiers()));
        // Fields come in the order of their settings' names, custom ones last.
        assertEquals("{\"age\":33,\"birthday\":\"1993-03-12T00:00:00Z\",\"city\":\"Singapore\",\"country\":\"SG\","
                + "\"email\":\"ann@example.com\",\"email_optin\":true,\"gdpr_optin\":false,\"gender\":\"female\",\"language\":\"en_US\","
                + "\"lo\":\"web\",\"name\":\"Ann\",\"phone_number\":\"+6598765432\",\"sms_optin\":true,\"static_segment_id\":[7,9],"
                + "\"surname\":\"Lee\",\"uuid\":\"u-1\",\"whatsapp_optin\":false,\"custom\":{\"loyalty\":\"Gold\"}}", json(row.attributes()));
        assertEquals("{\"event_name\":\"purchase\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"event_params\":{"
                + "\"color\":\"black\",\"currency\":\"USD\",\"event_group_id\":\"ORDER-1\",\"locale\":\"en_US\",\"name\":\"Phone\","
                + "\"product_id\":\"SKU-1\",\"promotion_discount\":100.0,\"promotion_name\":\"WINTER\",\"quantity\":2,\"shipping_cost\":\"5.00\","
                + "\"size\":\"M\",\"taxonomy\":[\"Electronic\",\"Phone\"],\"unit_price\":990.90,\"unit_sale_price\":890.90,"
                + "\"url\":\"https://shop.example.com/p/1\",\"custom\":{\"customer_type\":\"trial\"}}}", json(row.event()));
    }

    @Test
    void emptyColumnsAreLeftOutAndNeverSentAsNullOrBlank() throws Exception {
        Map<String, Object> values = purchaseLine();
        COLUMNS.keySet().stream().filter(column -> !List.of("line_id", "email", "event", "event_time", "_commit_version").contains(column))
                .forEach(column -> values.put(column, null));
        values.put("first_name", "  ");
        values.put("event", "page_view");

        RowResult.MappedRow row = assertInstanceOf(RowResult.MappedRow.class, map(mapper(FULL_MAPPING), values));

        assertEquals("{\"email\":\"ann@example.com\"}", json(row.identifiers()));
        assertEquals("{\"email\":\"ann@example.com\"}", json(row.attributes()), "only the attribute with a value");
        assertEquals("{\"event_name\":\"page_view\",\"timestamp\":\"2026-11-20T10:00:00Z\"}", json(row.event()), "no empty event_params");
    }

    @Test
    void aRowWithNoIdentifierIsRejected() {
        Map<String, Object> values = purchaseLine();
        values.put("email", null);
        values.put("phone", "");
        values.put("uuid", null);
        values.put("crm", null);

        RowResult.RejectedRow row = assertInstanceOf(RowResult.RejectedRow.class, map(mapper(FULL_MAPPING), values));

        assertEquals("no identifier: email, phone, uuid, crm are all empty", row.reason());
    }

    @Test
    void theColumnTypeDecidesHowATimestampIsRead() throws Exception {
        Map<String, Object> values = purchaseLine();
        RowResult.MappedRow ntz = assertInstanceOf(RowResult.MappedRow.class, map(mapper(FULL_MAPPING), values));
        assertEquals("2026-11-20T10:00:00Z", ntz.event().get("timestamp"), "TIMESTAMP_NTZ is read in mapping.timezone (Istanbul)");

        String[] commitTime = Stream.concat(Stream.of(FULL_MAPPING).filter(s -> !s.startsWith("mapping.event.timestamp")),
                Stream.of("mapping.event.timestamp=_commit_timestamp")).toArray(String[]::new);
        Timestamp instant = Timestamp.from(java.time.Instant.parse("2026-11-21T08:30:00Z"));
        values.put("_commit_timestamp", instant);
        RowResult.MappedRow ltz = assertInstanceOf(RowResult.MappedRow.class, map(mapper(commitTime), values));
        assertEquals("2026-11-21T08:30:00Z", ltz.event().get("timestamp"), "TIMESTAMP is an instant: the zone does not move it");
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of(Map.of("event", "Purchase"), "event_name (column event) 'Purchase' does not match ^[a-z0-9][a-zA-Z0-9._-]*$"),
                Arguments.of(Map.of("phone", "98765432"), "identifiers.phone_number (column phone) '98765432' is not in E.164 format (such as +6598765432); "
                        + "attributes.phone_number (column phone) '98765432' is not in E.164 format (such as +6598765432)"),
                Arguments.of(Map.of("email", "ann.example.com"), "identifiers.email (column email) 'ann.example.com' is not an email address; "
                        + "attributes.email (column email) 'ann.example.com' is not an email address"),
                Arguments.of(Map.of("currency", "usd"), "event_params.currency (column currency) 'usd' is not an ISO 4217 code (such as USD or EUR)"),
                Arguments.of(Map.of("country", "Singapore"), "attributes.country (column country) 'Singapore' is not an ISO 3166-1 alpha-2 code (such as SG or TR)"),
                Arguments.of(Map.of("quantity", new BigDecimal("1.5")), "column quantity (event.params.quantity): '1.5' is not a whole number"),
                Arguments.of(Map.of("born", "someday"), "column born (attributes.birthday): "
                        + "'someday' is not a date-time (ISO 8601, yyyy-MM-dd HH:mm:ss, or epoch seconds/millis)"),
                Arguments.of(Map.of("taxonomy", "[[\"a\"]]"), "column taxonomy (event.params.taxonomy): holds nested values; Insider takes an array of simple strings"),
                Arguments.of(Map.of("order_id", "", "quantity", "", "unit_sale_price", ""),
                        "event_params.event_group_id (column order_id) is required on a purchase event but is empty; "
                                + "event_params.quantity (column quantity) is required on a purchase event but is empty; "
                                + "event_params.unit_sale_price (column unit_sale_price) is required on a purchase event but is empty"),
                Arguments.of(Map.of("event", "cart_page_view", "currency", "", "quantity", ""),
                        "event_params.currency (column currency) is required on a cart_page_view event but is empty"),
                Arguments.of(Map.of("event_time", ""), "column event_time (event timestamp) is empty"),
                Arguments.of(Map.of("email", "nobody", "country", "XX", "currency", "EURO"), "identifiers.email (column email) 'nobody' is not an email address; "
                        + "attributes.email (column email) 'nobody' is not an email address; "
                        + "attributes.country (column country) 'XX' is not an ISO 3166-1 alpha-2 code (such as SG or TR); "
                        + "event_params.currency (column currency) 'EURO' is not an ISO 4217 code (such as USD or EUR)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("brokenRules")
    void aRowThatBreaksInsidersRulesIsRejectedNamingEveryFieldColumnAndRule(Map<String, Object> changes, String reason) {
        Map<String, Object> values = purchaseLine();
        values.putAll(changes);

        RowResult.RejectedRow row = assertInstanceOf(RowResult.RejectedRow.class, map(mapper(FULL_MAPPING), values));

        assertEquals(reason, row.reason());
    }

    @Test
    void theEventParametersColumnSpreadsDefaultsAtTheRootAndTheRestUnderCustom() throws Exception {
        RowMapper mapper = mapper("mapping.identifiers.email=email", "mapping.event.name=event", "mapping.event.timestamp=event_time",
                "mapping.event.params.product_id=product_id", "mapping.event.params-column=params");
        Map<String, Object> values = purchaseLine();
        values.put("params", "{\"event_group_id\":\"ORDER-9\",\"currency\":\"EUR\",\"quantity\":\"3\",\"unit_sale_price\":0.100000000000000000,"
                + "\"taxonomy\":[\"Home\",\"Lamp\"],\"product_id\":\"SKU-FROM-PARAMS\",\"gift_wrap\":true,\"note\":\"\","
                + "\"custom\":{\"channel\":\"app\"},\"dimensions\":{\"w\":10}}");

        RowResult.MappedRow row = assertInstanceOf(RowResult.MappedRow.class, map(mapper, values));

        assertEquals("{\"event_group_id\":\"ORDER-9\",\"currency\":\"EUR\",\"quantity\":3,\"unit_sale_price\":0.100000000000000000,"
                + "\"taxonomy\":[\"Home\",\"Lamp\"],\"product_id\":\"SKU-1\","
                + "\"custom\":{\"gift_wrap\":true,\"channel\":\"app\",\"dimensions\":\"{\\\"w\\\":10}\"}}", json(row.event().get("event_params")),
                "the explicit product_id mapping wins; blank entries are left out; a nested object is JSON text");
    }

    @Test
    void aMapColumnSpreadsTheSameWay() throws Exception {
        RowMapper mapper = mapper("mapping.identifiers.email=email", "mapping.event.name=event", "mapping.event.timestamp=event_time",
                "mapping.event.params-column=params_map");
        Map<String, Object> values = purchaseLine();
        values.put("event", "view_item");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("product_id", "SKU-7");
        params.put("unit_price", "19.90");
        params.put("campaign", "winter");
        values.put("params_map", params);

        RowResult.MappedRow row = assertInstanceOf(RowResult.MappedRow.class, map(mapper, values));

        assertEquals("{\"product_id\":\"SKU-7\",\"unit_price\":19.90,\"custom\":{\"campaign\":\"winter\"}}", json(row.event().get("event_params")));
    }

    @Test
    void aBadEntryInTheParametersColumnNamesTheColumnAndTheKey() {
        RowMapper mapper = mapper("mapping.identifiers.email=email", "mapping.event.name=event", "mapping.event.timestamp=event_time",
                "mapping.event.params-column=params");
        Map<String, Object> values = purchaseLine();
        values.put("event", "view_item");
        values.put("params", "{\"quantity\":\"two\",\"bad name\":1}");

        RowResult.RejectedRow row = assertInstanceOf(RowResult.RejectedRow.class, map(mapper, values));

        assertEquals("column params (event.params-column), key quantity: 'two' is not a whole number; "
                + "column params (event.params-column), key 'bad name': not a name Insider takes for a custom parameter (letters, digits and '_')",
                row.reason());
    }

    @Test
    void aLineOfABasketWhoseLinesDisagreeIsRejectedNamingWhatDisagrees() {
        Map<String, Object> values = purchaseLine();
        // Bits in the order of the basket's columns: identifiers email, phone_number, uuid, custom.crm_id, then currency.
        values.put("_basket_conflicts", 1 | 16);

        RowResult.RejectedRow row = assertInstanceOf(RowResult.RejectedRow.class, map(mapper(FULL_MAPPING), values));

        assertEquals("basket ORDER-1 (column order_id): its lines disagree on identifiers.email (column email), event_params.currency (column currency); "
                + "every line of a basket must belong to one user and share one currency, so the whole basket is set aside", row.reason());
    }

    @Test
    void anUpdateOfARowFromAnEarlierWindowIsNotAnEvent() {
        Map<String, Object> values = purchaseLine();
        values.put("_inserted_in_window", 0);

        RowResult.MappedRow row = assertInstanceOf(RowResult.MappedRow.class, map(mapper(FULL_MAPPING), values));

        assertNull(row.event());
    }
}
