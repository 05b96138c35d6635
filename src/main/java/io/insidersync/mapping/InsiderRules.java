package io.insidersync.mapping;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks Insider applies to a user, made before sending so that a bad row is set aside with a reason instead of
 * failing a whole request. Each violation names the field and the rule.
 */
public final class InsiderRules {

    /** Insider's documented event-name pattern; {@code insider.event-name-pattern} can tighten it. */
    public static final String DEFAULT_EVENT_NAME_PATTERN = "^[a-z0-9][a-zA-Z0-9._-]*$";

    private static final Pattern EMAIL = Pattern.compile("^.+@.+\\..+$");
    private static final Pattern PHONE = Pattern.compile("^\\+[1-9]\\d{6,14}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, List<String>> REQUIRED_PARAMS = Map.of(
            "purchase", List.of("event_group_id", "currency", "quantity", "unit_sale_price"),
            "cart_page_view", List.of("event_group_id", "currency", "unit_sale_price"));

    /**
     * A broken rule.
     *
     * @param field the field's path in the user object, such as {@code attributes.country}
     * @param rule  what is wrong, to follow the field's name
     */
    public record Violation(String field, String rule) {
    }

    private final Pattern eventName;

    public InsiderRules(String eventNamePattern) {
        this.eventName = Pattern.compile(eventNamePattern);
    }

    /** Violations in a user's identifiers and attributes (empty when it is valid). */
    public List<Violation> checkUser(Map<String, Object> identifiers, Map<String, Object> attributes) {
        List<Violation> violations = new ArrayList<>();
        checkContact("identifiers", identifiers, violations);
        checkContact("attributes", attributes, violations);
        Object country = attributes.get("country");
        if (country != null && !COUNTRIES.contains(country.toString())) {
            violations.add(new Violation("attributes.country", "'" + country + "' is not an ISO 3166-1 alpha-2 code (such as SG or TR)"));
        }
        return violations;
    }

    private static void checkContact(String section, Map<String, Object> fields, List<Violation> violations) {
        Object email = fields.get("email");
        if (email != null && !EMAIL.matcher(email.toString()).matches()) {
            violations.add(new Violation(section + ".email", "'" + email + "' is not an email address"));
        }
        Object phone = fields.get("phone_number");
        if (phone != null && !PHONE.matcher(phone.toString()).matches()) {
            violations.add(new Violation(section + ".phone_number", "'" + phone + "' is not in E.164 format (such as +6598765432)"));
        }
    }

    /** Violations in one event (empty when it is valid). */
    public List<Violation> checkEvent(String name, Map<String, Object> params) {
        List<Violation> violations = new ArrayList<>();
        if (!eventName.matcher(name).matches()) {
            violations.add(new Violation("event_name", "'" + name + "' does not match " + eventName.pattern()));
        }
        for (String required : REQUIRED_PARAMS.getOrDefault(name, List.of())) {
            if (!params.containsKey(required)) {
                violations.add(new Violation("event_params." + required, "is required on a " + name + " event but is empty"));
            }
        }
        Object currency = params.get("currency");
        if (currency != null && !CURRENCIES.contains(currency.toString())) {
            violations.add(new Violation("event_params.currency", "'" + currency + "' is not an ISO 4217 code (such as USD or EUR)"));
        }
        return violations;
    }
}
