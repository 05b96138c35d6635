package io.insidersync.insider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.config.Secrets;

/**
 * Insider's answer to an upsert it accepted: {@code {"data":{"successful":{…},"fail":{…}}}}. Only an answer of that shape
 * is delivery. A proxy's or captive portal's HTML page, an empty body, an answer cut off on the way, or JSON of another
 * service (a wrong {@code insider.url}) says nothing about what Insider stored: it is refused here as
 * {@link UnexpectedAnswerException}, and the request is attempted again.
 *
 * @param failures  Insider's messages by field path for each user it refused, by the user's place in the request
 * @param unplaced  messages Insider tied to no user of the request
 */
public record InsiderAnswer(Map<Integer, Map<String, List<String>>> failures, List<String> unplaced) {

    private static final Pattern USER_INDEX = Pattern.compile("^users\\.(\\d+)(\\..*)?$");
    private static final int MAX_EXCERPT_CHARS = 120;

    /**
     * Reads a 2xx answer.
     *
     * @param userCount how many users the request held: a {@code users.<i>} key beyond them names no user of it
     * @param url       where the request went, for the message when the answer is not Insider's
     */
    public static InsiderAnswer read(ObjectMapper json, String body, int userCount, String url) throws UnexpectedAnswerException {
        if (body == null || body.isBlank()) {
            throw unexpected(url, "an empty body");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            String start = body.stripLeading();
            String what = start.startsWith("<") ? "an HTML page (" + excerpt(start) + ")"
                    : start.startsWith("{") || start.startsWith("[") ? "JSON that breaks off or does not parse (" + excerpt(start) + ")"
                    : "text that is not JSON (" + excerpt(start) + ")";
            throw unexpected(url, what);
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isObject() || !(data.has("successful") || data.has("fail"))) {
            throw unexpected(url, "JSON without Insider's \"data\" object (" + excerpt(body.strip()) + ")");
        }
        Map<Integer, Map<String, List<String>>> failures = new TreeMap<>();
        List<String> unplaced = new ArrayList<>();
        // Insider's messages can repeat what it was sent, the token included: masked before they reach a record or a log.
        JsonNode errors = Secrets.redact(data.path("fail").path("errors"));
        if (errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = errors.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<String> messages = new ArrayList<>();
                if (field.getValue().isArray()) {
                    field.getValue().forEach(message -> messages.add(message.asText()));
                } else {
                    messages.add(field.getValue().asText());
                }
                Matcher matcher = USER_INDEX.matcher(field.getKey());
                int index = matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
                if (index >= 0 && index < userCount) {
                    failures.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(field.getKey(), messages);
                } else {
                    unplaced.add(field.getKey() + ": " + String.join(", ", messages));
                }
            }
        }
        return new InsiderAnswer(failures, unplaced);
    }

    private static UnexpectedAnswerException unexpected(String url, String what) {
        return new UnexpectedAnswerException("the answer from " + url + " (insider.url) was " + what
                + ", not Insider's JSON answer: check insider.url and any proxy between this machine and Insider");
    }

    private static String excerpt(String text) {
        String line = Secrets.redact(text).replaceAll("\\s+", " ");
        return line.length() > MAX_EXCERPT_CHARS ? line.substring(0, MAX_EXCERPT_CHARS) + "…" : line;
    }
}
