package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InsiderRulesTest {

    private final InsiderRules rules = new InsiderRules(InsiderRules.DEFAULT_EVENT_NAME_PATTERN);

    @Test
    void aValidUserAndEventPass() {
        assertEquals(List.of(), rules.checkUser(Map.of("email", "a@example.com", "phone_number", "+6598765432"), Map.of("country", "SG")));
        assertEquals(List.of(), rules.checkEvent("purchase",
                Map.of("event_group_id", "ORDER123", "currency", "USD", "quantity", 1, "unit_sale_price", 890.9)));
    }

    @Test
    void everyBrokenRuleIsNamed() {
        List<InsiderRules.Violation> user = rules.checkUser(Map.of("email", "nope"), Map.of("phone_number", "6598765432", "country", "Singapore"));
        assertEquals(3, user.size(), user.toString());
        List<InsiderRules.Violation> event = rules.checkEvent("Purchase Made", Map.of("currency", "DOLLAR"));
        assertEquals("event_name", event.get(0).field());
        assertTrue(event.get(0).rule().startsWith("'Purchase Made' does not match"), event.toString());
        assertTrue(event.contains(new InsiderRules.Violation("event_params.currency", "'DOLLAR' is not an ISO 4217 code (such as USD or EUR)")),
                event.toString());
    }

    @Test
    void purchaseAndCartPageViewNeedTheirParameters() {
        assertEquals(4, rules.checkEvent("purchase", Map.of()).size());
        List<InsiderRules.Violation> cart = rules.checkEvent("cart_page_view", Map.of("currency", "EUR"));
        assertEquals(List.of(new InsiderRules.Violation("event_params.event_group_id", "is required on a cart_page_view event but is empty"),
                new InsiderRules.Violation("event_params.unit_sale_price", "is required on a cart_page_view event but is empty")), cart);
    }

    @Test
    void theEventNamePatternIsASetting() {
        assertEquals(1, new InsiderRules("^[a-z0-9_]+$").checkEvent("homepageView", Map.of()).size());
        assertEquals(0, rules.checkEvent("homepageView", Map.of()).size());
    }
}
