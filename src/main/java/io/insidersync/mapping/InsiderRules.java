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
 * failing a whole request. Each problem names the field and the rule.
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

    private final Pattern eventName;

    public InsiderRules(String eventNamePattern) {
        this.eventName = Pattern.compile(eventNamePattern);
    }

    /** Problems with a user's identifiers and attributes (empty when it is valid). */
    public List<String> checkUser(Map<String, Object> identifiers, Map<String, Object> attributes) {
        List<String> problems = new ArrayList<>();
        checkContact("identifiers", identifiers, problems);
        checkContact("attributes", attributes, problems);
        Object country = attributes.get("country");
        if (country != null && !COUNTRIES.contains(country.toString())) {
            problems.add("attributes.country '" + country + "' is not an ISO 3166-1 alpha-2 code (such as SG or TR)");
        }
        return problems;
    }

    private static void checkContact(String section, Map<String, Object> fields, List<String> problems) {
        Object email = fields.get("email");
        if (email != null && !EMAIL.matcher(email.toString()).matches()) {
            problems.add(section + ".email '" + email + "' is not an email address");
        }
        Object phone = fields.get("phone_number");
        if (phone != null && !PHONE.matcher(phone.toString()).matches()) {
            problems.add(section + ".phone_number '" + phone + "' is not in E.164 format (such as +6598765432)");
        }
    }

    /** Problems with one event (empty when it is valid). */
    public List<String> checkEvent(String name, Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        if (!eventName.matcher(name).matches()) {
            problems.add("event_name '" + name + "' does not match " + eventName.pattern());
        }
        for (String required : REQUIRED_PARAMS.getOrDefault(name, List.of())) {
            if (!params.containsKey(required)) {
                problems.add("event_params." + required + " is required on a " + name + " event but is empty");
            }
        }
        Object currency = params.get("currency");
        if (currency != null && !CURRENCIES.contains(currency.toString())) {
            problems.add("event_params.currency '" + currency + "' is not an ISO 4217 code (such as USD or EUR)");
        }
        return problems;
    }
}
