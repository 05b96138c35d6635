package io.insidersync.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Takes the secret values of the settings out of a text before it becomes a message, a log line or a dead-letter
 * record. The text of a failure often comes from elsewhere (an answer of Insider's that repeats the request token, a
 * JDBC driver that repeats its URL), so the values themselves are masked, wherever the text came from.
 *
 * <p>The values are those of {@link #SETTINGS}, and the passwords inside the JDBC URLs of {@link #URL_SETTINGS} and the
 * driver options of {@link #OPTION_SETTINGS}. One set is kept per process, replaced each time a deployment's settings are
 * read ({@link #remember}): the texts are made deep inside processors and static helpers that have no settings at hand,
 * and a process runs one deployment.
 *
 * <p>A value is masked where it stands on its own, not inside a longer run of letters and digits, so that a short
 * password ({@code test}) does not mask parts of ordinary words ({@code latest}).
 */
public final class Secrets {

    /** What stands where a secret was. */
    public static final String MASK = "******";
    /** The settings whose whole value is a secret. */
    public static final List<String> SETTINGS = List.of("insider.request-token", "databricks.client-secret", "databricks.token",
            "source.jdbc-password");
    /** The settings that hold a JDBC URL, which may carry a password of its own. */
    public static final List<String> URL_SETTINGS = List.of("source.jdbc-url", "databricks.jdbc-url");
    /** The settings that hold driver options ({@code Name=value;Name=value}) for a built URL, a trust store's password among them. */
    public static final List<String> OPTION_SETTINGS = List.of("databricks.jdbc-options");

    /**
     * A URL parameter whose value is a credential: {@code password=}, {@code PWD=} (Databricks, ODBC style),
     * {@code sslPassword=}, {@code OAuth2Secret=}, {@code Auth_AccessToken=} … A value in braces ({@code {a;b}}, as SQL
     * Server quotes one) may hold the separators.
     */
    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile(
            "(?i)[;?&:]\\s*[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|accesstoken|access_token)\\s*=\\s*(\\{[^}]*}|[^;&]*)");
    /**
     * The name of a driver option that holds a credential: a password, secret or passphrase ({@code SSLTrustStorePwd},
     * {@code Auth_JWT_Key_Passphrase}), or an access or refresh token ({@code Auth_RefreshToken}), but not a switch
     * about tokens ({@code EnableTokenCache}).
     */
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)password|passwd|pwd|secret|passphrase|(access|refresh)_?token$|^token$");
    /** A user and password before the host: {@code //user:password@host}, or Oracle's {@code thin:user/password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=[/:])[^/:@;?&=\\s]+[:/]([^/@;?&\\s]+)@");

    private static volatile Pattern known;

    private Secrets() {
    }

    /** Reads the secret values of these settings; from now on they are masked. */
    public static void remember(Settings settings) {
        Set<String> values = new LinkedHashSet<>();
        SETTINGS.forEach(name -> settings.optional(name).ifPresent(values::add));
        URL_SETTINGS.forEach(name -> settings.optional(name).ifPresent(url -> values.addAll(inJdbcUrl(url))));
        OPTION_SETTINGS.forEach(name -> settings.optional(name).ifPresent(options -> values.addAll(inDriverOptions(options))));
        known = pattern(values);
    }

    /** The text with every secret value masked; {@code null} stays {@code null}. */
    public static String redact(String text) {
        Pattern secrets = known;
        return text == null || secrets == null ? text : mask(secrets, text);
    }

    /**
     * A copy of a JSON answer with every secret value masked, in its texts and its field names. The structure is kept,
     * so the answer reads as before.
     */
    public static JsonNode redact(JsonNode node) {
        if (node == null || known == null) {
            return node;
        }
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(redact(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(redact(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(redact(field.getKey()), redact(field.getValue()));
            }
            return copy;
        }
        return node;
    }

    /** A JDBC URL with the passwords it carries masked, whether or not they were remembered: for messages about the URL. */
    public static String maskUrl(String url) {
        Pattern inUrl = pattern(inJdbcUrl(url));
        return inUrl == null ? url : mask(inUrl, url);
    }

    /** The credentials written into a JDBC URL: parameters such as {@code password=} and {@code PWD=}, and {@code user:password@}. */
    static List<String> inJdbcUrl(String url) {
        List<String> values = new ArrayList<>();
        Matcher parameter = CREDENTIAL_PARAMETER.matcher(url);
        while (parameter.find()) {
            String value = parameter.group(1).trim();
            values.add(value.startsWith("{") && value.endsWith("}") && value.length() > 2 ? value.substring(1, value.length() - 1) : value);
        }
        Matcher userInfo = USER_INFO.matcher(url);
        while (userInfo.find()) {
            values.add(userInfo.group(1));
        }
        values.removeIf(String::isBlank);
        return values;
    }

    /**
     * The credentials among driver options ({@code Name=value;Name=value}): the values of the options whose names say
     * they hold one. Only {@code ;} separates options there, so a value is masked whole whatever else it holds.
     */
    static List<String> inDriverOptions(String options) {
        List<String> values = new ArrayList<>();
        for (String option : options.split(";")) {
            int equals = option.indexOf('=');
            if (equals > 0 && SECRET_OPTION.matcher(option.substring(0, equals).trim()).find() && !option.substring(equals + 1).isBlank()) {
                values.add(option.substring(equals + 1).trim());
            }
        }
        return values;
    }

    /** One pattern for all the values, the longest first, so that a secret holding another is masked whole. */
    private static Pattern pattern(Collection<String> values) {
        List<String> alternatives = values.stream().filter(value -> !value.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).map(Secrets::standingAlone).toList();
        return alternatives.isEmpty() ? null : Pattern.compile(String.join("|", alternatives));
    }

    /** The value, not preceded or followed by a letter or digit where it itself begins or ends with one. */
    private static String standingAlone(String value) {
        String before = Character.isLetterOrDigit(value.charAt(0)) ? "(?<![\\p{IsLetter}\\p{IsDigit}])" : "";
        String after = Character.isLetterOrDigit(value.charAt(value.length() - 1)) ? "(?![\\p{IsLetter}\\p{IsDigit}])" : "";
        return before + Pattern.quote(value) + after;
    }

    private static String mask(Pattern secrets, String text) {
        return secrets.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }
}
