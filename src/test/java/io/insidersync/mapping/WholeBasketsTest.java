package io.insidersync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.mapping.RowResult.RejectedBasket;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.source.ChangeRow;

import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;
import io.insidersync.stream.Feed;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.Test;

/** The mapping step's baskets: rows mapped by the real RowMapper, in the window's order, a basket whole or not at all. */
class WholeBasketsTest {

    private static final String[] MAPPING = {"mapping.identifiers.email=email", "mapping.event.name=event", "mapping.event.timestamp=ts",
        "mapping.event.params.event_group_id=order_id", "mapping.event.params.currency=currency", "mapping.event.params.quantity=quantity",
        "mapping.event.params.unit_sale_price=price", "mapping.attributes.country=country"};

    private static RowMapper mapper(MappingConfig mapping) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        Map.of("line_id", "string", "email", "string", "event", "string", "ts", "timestamp", "order_id", "string", "currency", "string",
                "quantity", "int", "price", "decimal(10,2)", "country", "string").forEach((name, type) -> types.put(name, ColumnType.ofDatabricks(type)));
        return new RowMapper(mapping, new TableSchema("shop.lines", types), new ValueConverter(mapping.timezone()),
                new InsiderRules(InsiderRules.DEFAULT_EVENT_NAME_PATTERN));
    }

    /** A purchase line; inserted within the window unless {@code inserted} is false (an update of an older line). */
    private static Map<String, Object> line(String id, String email, String order, String price, boolean inserted) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("line_id", id);
        row.put("email", email);
        row.put("event", "purchase");
        row.put("ts", Timestamp.valueOf("2026-11-20 10:00:00"));
        row.put("order_id", order);
        row.put("currency", "USD");
        row.put("quantity", 1);
        row.put("price", price == null ? null : new BigDecimal(price));
        row.put("_commit_version", 1L);
        row.put("_inserted_in_window", inserted ? 1 : 0);
        return row;
    }

    private static Map<String, Object> line(String id, String email, String order, String price) {
        return line(id, email, order, price, true);
    }

    /** The rows mapped one by one as they are pulled, counting how many were. */
    private static Iterator<RowResult> mapped(MappingConfig mapping, Iterator<Map<String, Object>> rows, AtomicLong pulled) {
        RowMapper mapper = mapper(mapping);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public RowResult next() {
                pulled.incrementAndGet();
                return mapper.map(ChangeRow.of(rows.next(), List.of("line_id")));
            }
        };
    }

    /** The rows through WholeBaskets as the sync's mapping step reads them. */
    private static List<RowResult> baskets(String[] settings, List<Map<String, Object>> rows) {
        MappingConfig mapping = MappingConfig.from(TestSettings.of(settings));
        List<RowResult> out = new ArrayList<>();
        Feed.pull(mapped(mapping, rows.iterator(), new AtomicLong()), WholeBaskets.ofMappedRows(mapping)).forEachRemaining(out::add);
        return out;
    }

    private static String keyOf(RowResult result) {
        if (result instanceof MappedRow mapped) {
            return "sent " + mapped.source().key().get("line_id");
        }
        if (result instanceof RejectedRow rejected) {
            return "rejected " + rejected.source().key().get("line_id");
        }
        return "basket " + ((RejectedBasket) result).lines().stream().map(line -> line.source().key().get("line_id").toString()).toList();
    }

    @Test
    void aBasketWithARejectedLineComesOutAsOneItemHoldingEveryLineInOrderWithItsReason() {
        List<RowResult> out = baskets(MAPPING, List.of(line("a1", "ann@example.com", "O-1", "1.00"), line("a2", "ann@example.com", "O-1", null),
                line("a3", "ann@example.com", "O-1", "3.00"), line("a4", "ann@example.com", "O-2", "4.00"), line("b1", "bob@example.com", "O-1", "1.00")));

        assertEquals(List.of("basket [a1, a2, a3]", "sent a4", "sent b1"), out.stream().map(WholeBasketsTest::keyOf).toList(),
                "another basket of the same user, and a basket of the same name of another user, go on");
        List<RejectedRow> lines = assertInstanceOf(RejectedBasket.class, out.get(0)).lines();
        String rule = "event_params.unit_sale_price (column price) is required on a purchase event but is empty";
        assertEquals(rule, lines.get(1).reason());
        String withheld = "basket O-1 (column order_id): withheld, because its line {line_id=a2} was rejected: " + rule
                + "; a basket is sent whole or not at all, so this line is set aside with it and replayed with it";
        assertEquals(withheld, lines.get(0).reason());
        assertEquals(withheld, lines.get(2).reason());
        assertEquals("a1", lines.get(0).source().values().get("line_id"), "the withheld line keeps its row, to be replayed");
    }

    @Test
    void aWithheldLineNamesTheFirstRejectedLineAndHowManyMoreThereAre() {
        List<RowResult> out = baskets(MAPPING, List.of(line("a1", "ann@example.com", "O-1", null), line("a2", "ann@example.com", "O-1", "2.00"),
                line("a3", "ann@example.com", "O-1", null)));

        List<RejectedRow> lines = assertInstanceOf(RejectedBasket.class, out.get(0)).lines();
        assertTrue(lines.get(1).reason().startsWith("basket O-1 (column order_id): withheld, because its line {line_id=a1} was rejected: "
                + "event_params.unit_sale_price (column price) is required on a purchase event but is empty (and 1 more of its lines were rejected); "),
                lines.get(1).reason());
        assertEquals(List.of(false, true, false), lines.stream().map(line -> line.reason().startsWith("basket")).toList());
    }

    @Test
    void aRowOfTheSameUserAndBasketThatIsNoLineGoesOnAndHoldsNothingBack() {
        // An update of a line inserted before the window: it changes attributes only, and is not part of the window's basket.
        Map<String, Object> badUpdate = line("a0", "ann@example.com", "O-1", "1.00", false);
        badUpdate.put("country", "Nowhere");
        List<RowResult> out = baskets(MAPPING, List.of(line("a1", "ann@example.com", "O-1", "1.00"), badUpdate,
                line("a2", "ann@example.com", "O-1", "2.00")));

        assertEquals(List.of("sent a1", "rejected a0", "sent a2"), out.stream().map(WholeBasketsTest::keyOf).toList(),
                "a row that becomes no event withheld the basket");

        out = baskets(MAPPING, List.of(line("a1", "ann@example.com", "O-1", null), line("a0", "ann@example.com", "O-1", "1.00", false),
                line("a2", "ann@example.com", "O-1", "2.00")));

        assertEquals(List.of("basket [a1, a2]", "sent a0"), out.stream().map(WholeBasketsTest::keyOf).toList());
    }

    @Test
    void onlyTheBasketBeingReadIsHeld() {
        MappingConfig mapping = MappingConfig.from(TestSettings.of(MAPPING));
        AtomicLong pulled = new AtomicLong();
        // A long window of baskets of three lines each, every one of them fine.
        Iterator<Map<String, Object>> window = new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                return n < 30_000;
            }

            @Override
            public Map<String, Object> next() {
                long i = n++;
                return line("l" + i, "user" + (i / 3) + "@example.com", "O-" + (i / 3), "1.00");
            }
        };
        Iterator<RowResult> baskets = Feed.pull(mapped(mapping, window, pulled), WholeBaskets.ofMappedRows(mapping));

        for (int taken = 1; taken <= 30; taken++) {
            baskets.next();
            assertTrue(pulled.get() <= taken + 3, "pulled " + pulled.get() + " rows to hand on " + taken);
        }
    }
}
