package io.insidersync.mapping;

import java.util.Map;

/** Insider's default identifiers, attributes and event parameters, with the type each one takes. */
public final class InsiderFields {

    public static final Map<String, FieldType> IDENTIFIERS = Map.of(
            "email", FieldType.IDENTIFIER,
            "phone_number", FieldType.IDENTIFIER,
            "uuid", FieldType.IDENTIFIER);

    public static final Map<String, FieldType> ATTRIBUTES = Map.ofEntries(
            Map.entry("email", FieldType.STRING),
            Map.entry("phone_number", FieldType.STRING),
            Map.entry("email_optin", FieldType.BOOLEAN),
            Map.entry("gdpr_optin", FieldType.BOOLEAN),
            Map.entry("sms_optin", FieldType.BOOLEAN),
            Map.entry("whatsapp_optin", FieldType.BOOLEAN),
            Map.entry("name", FieldType.STRING),
            Map.entry("surname", FieldType.STRING),
            Map.entry("birthday", FieldType.DATETIME),
            Map.entry("gender", FieldType.STRING),
            Map.entry("age", FieldType.INTEGER),
            Map.entry("language", FieldType.STRING),
            Map.entry("country", FieldType.STRING),
            Map.entry("city", FieldType.STRING),
            Map.entry("uuid", FieldType.STRING),
            Map.entry("lo", FieldType.STRING),
            Map.entry("static_segment_id", FieldType.NUMBER_ARRAY));

    public static final Map<String, FieldType> EVENT_PARAMS = Map.ofEntries(
            Map.entry("event_group_id", FieldType.STRING),
            Map.entry("product_id", FieldType.STRING),
            Map.entry("name", FieldType.STRING),
            Map.entry("taxonomy", FieldType.STRING_ARRAY),
            Map.entry("url", FieldType.STRING),
            Map.entry("currency", FieldType.STRING),
            Map.entry("quantity", FieldType.INTEGER),
            Map.entry("unit_price", FieldType.NUMBER),
            Map.entry("unit_sale_price", FieldType.NUMBER),
            Map.entry("locale", FieldType.STRING),
            Map.entry("color", FieldType.STRING),
            Map.entry("size", FieldType.STRING),
            Map.entry("shipping_cost", FieldType.STRING),
            Map.entry("promotion_name", FieldType.STRING),
            Map.entry("promotion_discount", FieldType.NUMBER));

    private InsiderFields() {
    }
}
