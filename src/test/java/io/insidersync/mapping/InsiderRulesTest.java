package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each of Insider's rules, with a value it takes and one it refuses, and the exact words of the refusal. */
class InsiderRulesTest {

    private final InsiderRules rules = new InsiderRules(InsiderRules.DEFAULT_EVENT_NAME_PATTERN);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            email        | ann@example.com | -
            email        | ann@example     | 'ann@example' is not an email address
            email        | ann.example.com | 'ann.example.com' is not an email address
            phone_number | +6598765432     | -
            phone_number | +905321234567   | -
            phone_number | 6598765432      | '6598765432' is not in E.164 format (such as +6598765432)
            phone_number | +0123456789     | '+0123456789' is not in E.164 format (such as +6598765432)
            phone_number | +65 9876 5432   | '+65 9876 5432' is not in E.164 format (such as +6598765432)
            """)
    void identifiersAndContactAttributes(String field, String value, String rule) {
        List<InsiderRules.Violation> expected = rule == null ? List.of()
                : List.of(new InsiderRules.Violation("identifiers." + field, rule), new InsiderRules.Violation("attributes." + field, rule));
        assertEquals(expected, rules.checkUser(Map.of(field, value), Map.of(field, value)));
    }

    @ParameterizedTest(name = "country = {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            SG        | -
            TR        | -
            sg        | 'sg' is not an ISO 3166-1 alpha-2 code (such as SG or TR)
            SGP       | 'SGP' is not an ISO 3166-1 alpha-2 code (such as SG or TR)
            Singapore | 'Singapore' is not an ISO 3166-1 alpha-2 code (such as SG or TR)
            """)
    void countryIsIso3166Alpha2(String country, String rule) {
        List<InsiderRules.Violation> expected = rule == null ? List.of() : List.of(new InsiderRules.Violation("attributes.country", rule));
        assertEquals(expected, rules.checkUser(Map.of("email", "a@example.com"), Map.of("country", country)));
    }

    @ParameterizedTest(name = "event_name = {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            view_item        | -
            homepage.view-2  | -
            9lives           | -
            Purchase         | 'Purchase' does not match ^[a-z0-9][a-zA-Z0-9._-]*$
            _hidden          | '_hidden' does not match ^[a-z0-9][a-zA-Z0-9._-]*$
            add to cart      | 'add to cart' does not match ^[a-z0-9][a-zA-Z0-9._-]*$
            """)
    void eventNamesFollowTheDocumentedPattern(String name, String rule) {
        List<InsiderRules.Violation> expected = rule == null ? List.of() : List.of(new InsiderRules.Violation("event_name", rule));
        assertEquals(expected, rules.checkEvent(name, Map.of()));
    }

    @ParameterizedTest(name = "currency = {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            USD    | -
            TRY    | -
            usd    | 'usd' is not an ISO 4217 code (such as USD or EUR)
            DOLLAR | 'DOLLAR' is not an ISO 4217 code (such as USD or EUR)
            """)
    void currencyIsIso4217(String currency, String rule) {
        List<InsiderRules.Violation> expected = rule == null ? List.of() : List.of(new InsiderRules.Violation("event_params.currency", rule));
        assertEquals(expected, rules.checkEvent("view_item", Map.of("currency", currency)));
    }

    @Test
    void purchaseNeedsGroupCurrencyQuantityAndSalePrice() {
        assertEquals(List.of(), rules.checkEvent("purchase", Map.of("event_group_id", "O1", "currency", "USD", "quantity", 1, "unit_sale_price", 9.5)));
        assertEquals(List.of(
                new InsiderRules.Violation("event_params.event_group_id", "is required on a purchase event but is empty"),
                new InsiderRules.Violation("event_params.currency", "is required on a purchase event but is empty"),
                new InsiderRules.Violation("event_params.quantity", "is required on a purchase event but is empty"),
                new InsiderRules.Violation("event_params.unit_sale_price", "is required on a purchase event but is empty")),
                rules.checkEvent("purchase", Map.of()));
    }

    @Test
    void cartPageViewNeedsGroupCurrencyAndSalePriceButNoQuantity() {
        assertEquals(List.of(), rules.checkEvent("cart_page_view", Map.of("event_group_id", "O1", "currency", "USD", "unit_sale_price", 9.5)));
        assertEquals(List.of(
                new InsiderRules.Violation("event_params.event_group_id", "is required on a cart_page_view event but is empty"),
                new InsiderRules.Violation("event_params.unit_sale_price", "is required on a cart_page_view event but is empty")),
                rules.checkEvent("cart_page_view", Map.of("currency", "EUR")));
    }

    @Test
    void theEventNamePatternIsASetting() {
        assertEquals(List.of(new InsiderRules.Violation("event_name", "'homepageView' does not match ^[a-z0-9_]+$")),
                new InsiderRules("^[a-z0-9_]+$").checkEvent("homepageView", Map.of()));
        assertEquals(List.of(), rules.checkEvent("homepageView", Map.of()));
    }
}
