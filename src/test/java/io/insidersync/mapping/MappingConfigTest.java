package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.insidersync.config.ConfigurationException;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping settings: every field of Insider's table is mappable with its type; every mistake fails with its name. */
class MappingConfigTest {

    /** The seed's "Default Attribute, Event & Parameter Data Mapping Table" and Insider's API reference, field by field. */
    private static final Map<String, FieldType> ATTRIBUTES = ordered(
            "email", FieldType.STRING, "phone_number", FieldType.STRING, "email_optin", FieldType.BOOLEAN,
            "gdpr_optin", FieldType.BOOLEAN, "sms_optin", FieldType.BOOLEAN, "whatsapp_optin", FieldType.BOOLEAN,
            "name", FieldType.STRING, "surname", FieldType.STRING, "birthday", FieldType.DATETIME, "gender", FieldType.STRING,
            "age", FieldType.INTEGER, "language", FieldType.STRING, "country", FieldType.STRING, "city", FieldType.STRING,
            "uuid", FieldType.STRING, "lo", FieldType.STRING, "static_segment_id", FieldType.NUMBER_ARRAY);
    private static final Map<String, FieldType> EVENT_PARAMS = ordered(
            "event_group_id", FieldType.STRING, "product_id", FieldType.STRING, "name", FieldType.STRING,
            "taxonomy", FieldType.STRING_ARRAY, "url", FieldType.STRING, "currency", FieldType.STRING, "quantity", FieldType.INTEGER,
            "unit_price", FieldType.NUMBER, "unit_sale_price", FieldType.NUMBER, "locale", FieldType.STRING, "color", FieldType.STRING,
            "size", FieldType.STRING, "shipping_cost", FieldType.STRING, "promotion_name", FieldType.STRING,
            "promotion_discount", FieldType.NUMBER);
    private static final Map<String, FieldType> IDENTIFIERS = ordered(
            "email", FieldType.IDENTIFIER, "phone_number", FieldType.IDENTIFIER, "uuid", FieldType.IDENTIFIER);

    private static Map<String, FieldType> ordered(Object... pairs) {
        Map<String, FieldType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (FieldType) pairs[i + 1]);
        }
        return map;
    }

    @Test
    void insidersDefaultFieldsAreExactlyTheSeedsWithTheirTypes() {
        assertEquals(ATTRIBUTES, InsiderFields.ATTRIBUTES);
        assertEquals(EVENT_PARAMS, InsiderFields.EVENT_PARAMS);
        assertEquals(IDENTIFIERS, InsiderFields.IDENTIFIERS);
    }

    @Test
    void everyDefaultFieldAndCustomOnesCanBeMapped() {
        List<String> lines = new java.util.ArrayList<>();
        IDENTIFIERS.keySet().forEach(field -> lines.add("mapping.identifiers." + field + "=id_" + field));
        ATTRIBUTES.keySet().forEach(field -> lines.add("mapping.attributes." + field + "=a_" + field));
        EVENT_PARAMS.keySet().forEach(field -> lines.add("mapping.event.params." + field + "=e_" + field));
        lines.addAll(List.of("mapping.identifiers.custom.crm_id=crm", "mapping.attributes.custom.loyalty=tier",
                "mapping.event.params.custom.customer_type=ctype", "mapping.event.name=event", "mapping.event.timestamp=ts",
                "mapping.event.params-column=params", "mapping.timezone=Europe/Istanbul"));

        MappingConfig mapping = MappingConfig.from(TestSettings.of(lines.toArray(String[]::new)));

        Map<String, FieldType> identifiers = typesOf(mapping.identifiers());
        assertEquals(FieldType.IDENTIFIER, identifiers.remove("custom.crm_id"), "a custom identifier is text like the others");
        assertEquals(IDENTIFIERS, identifiers);
        Map<String, FieldType> attributes = typesOf(mapping.attributes());
        assertEquals(FieldType.AS_SOURCE, attributes.remove("custom.loyalty"));
        assertEquals(ATTRIBUTES, attributes);
        Map<String, FieldType> params = typesOf(mapping.eventParams());
        assertEquals(FieldType.AS_SOURCE, params.remove("custom.customer_type"));
        assertEquals(EVENT_PARAMS, params);
        assertEquals("event", mapping.eventNameColumn());
        assertEquals("ts", mapping.eventTimestampColumn());
        assertEquals("params", mapping.eventParamsColumn());
        assertEquals("Europe/Istanbul", mapping.timezone().getId());
        assertEquals("id_email", mapping.identifiers().stream().filter(f -> f.field().equals("email")).findFirst().orElseThrow().column());
    }

    private static Map<String, FieldType> typesOf(List<FieldMapping> fields) {
        return fields.stream().collect(Collectors.toMap(FieldMapping::field, FieldMapping::type, (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void theEventTimestampDefaultsToTheCommitTimestamp() {
        MappingConfig mapping = MappingConfig.from(TestSettings.of("mapping.identifiers.email=email", "mapping.event.name=event"));
        assertEquals("_commit_timestamp", mapping.eventTimestampColumn());
        assertEquals("UTC", mapping.timezone().getId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mapping.attributes.emial=email | Setting mapping.attributes.emial: 'emial' is not one of Insider's default fields here (age, birthday, city, country, email, email_optin, gdpr_optin, gender, language, lo, name, phone_number, sms_optin, static_segment_id, surname, uuid, whatsapp_optin); a field of your own goes under custom., for example mapping.attributes.custom.emial
            mapping.identifiers.user_id=id | Setting mapping.identifiers.user_id: 'user_id' is not one of Insider's default fields here (email, phone_number, uuid); a field of your own goes under custom., for example mapping.identifiers.custom.user_id
            mapping.event.params.price=p | Setting mapping.event.params.price: 'price' is not one of Insider's default fields here (color, currency, event_group_id, locale, name, product_id, promotion_discount, promotion_name, quantity, shipping_cost, size, taxonomy, unit_price, unit_sale_price, url); a field of your own goes under custom., for example mapping.event.params.custom.price
            mapping.attributes.custom.loyalty-tier=tier | Setting mapping.attributes.custom.loyalty-tier: 'loyalty-tier' is not a name Insider takes for a custom field (letters, digits and '_', starting with a letter or digit, at most 128 characters)
            mapping.attributes.custom._hidden=h | Setting mapping.attributes.custom._hidden: '_hidden' is not a name Insider takes for a custom field (letters, digits and '_', starting with a letter or digit, at most 128 characters)
            mapping.event.params.custom.a.b=x | Setting mapping.event.params.custom.a.b: 'a.b' is not a name Insider takes for a custom field (letters, digits and '_', starting with a letter or digit, at most 128 characters)
            mapping.event.param.price=p | Setting mapping.event.param.price is not a mapping this sync knows: use mapping.identifiers.*, mapping.attributes.*, mapping.event.name, mapping.event.timestamp, mapping.event.params.*, mapping.event.params-column or mapping.timezone
            mapping.timezone=Mars/Olympus | Setting mapping.timezone: 'Mars/Olympus' is not a time zone such as UTC or Europe/Istanbul
            """)
    void aMistakeInTheMappingFailsNamingTheSetting(String line, String message) {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> MappingConfig.from(TestSettings.of("mapping.identifiers.email=email", "mapping.event.name=event", line)));
        assertEquals(message, error.getMessage());
    }

    @Test
    void aMappingWithoutIdentifiersOrWithParametersButNoEventNameFails() {
        assertEquals("No identifier is mapped: set at least one of mapping.identifiers.email, mapping.identifiers.phone_number, "
                        + "mapping.identifiers.uuid or mapping.identifiers.custom.<name> to a column",
                assertThrows(ConfigurationException.class, () -> MappingConfig.from(TestSettings.of("mapping.attributes.name=n"))).getMessage());
        assertEquals("Event parameters are mapped but the event name is not: set mapping.event.name to the column that holds the event name",
                assertThrows(ConfigurationException.class, () -> MappingConfig.from(TestSettings.of("mapping.identifiers.email=e",
                        "mapping.event.params-column=params"))).getMessage());
    }
}
