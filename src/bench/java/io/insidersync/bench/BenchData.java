package io.insidersync.bench;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's source: N change rows of a purchases table, in the shape the sync reads with source.kind=jdbc (the
 * table's columns plus _change_type, _commit_version, _commit_timestamp), as a DuckDB file under target/bench/duckdb-N
 * (the default) or an H2 file database under target/bench/data-N. Each row is one basket line, with its customer's
 * identifiers (email, customer_id) and attributes (name, surname, country, city, loyalty tier); a customer places 1–6
 * orders of 1–5 lines (lines of one order share order_id, the event_group_id). Inserts are spread over versions 1–10; then
 * about 5% of the lines are corrected (quantity and price: an update_preimage and an update_postimage row) and about 1%
 * deleted, at versions 11–13. Deterministic (fixed seed): the same N gives the same rows in either database. A finished
 * database is marked and reused.
 */
final class BenchData {

    static final String TABLE = "bench_purchase_changes";
    /** Bump when the generated rows change, so that older databases are generated again. */
    private static final String GENERATION = "bench-data v2";
    private static final LocalDateTime FIRST_COMMIT = LocalDateTime.of(2026, 11, 1, 0, 0);
    private static final String[] FIRST = {"Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken", "Radia",
        "Tim", "Hedy", "John", "Katherine", "Edsger", "Sophie", "Niklaus", "Mary", "Bjarne", "Lynn"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie", "Allen", "Thompson",
        "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson", "Dijkstra", "Wilson", "Wirth", "Keller", "Stroustrup", "Conway"};
    private static final String[][] PLACES = {{"GB", "London", "GBP"}, {"US", "New York", "USD"}, {"TR", "Istanbul", "TRY"},
        {"DE", "Berlin", "EUR"}, {"FR", "Paris", "EUR"}, {"FI", "Helsinki", "EUR"}, {"US", "Seattle", "USD"}, {"TR", "Ankara", "TRY"},
        {"ES", "Madrid", "EUR"}, {"NL", "Amsterdam", "EUR"}};
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final String[][] PRODUCTS = {{"Mechanical keyboard", "Electronics,Keyboards"}, {"Wireless mouse", "Electronics,Mice"},
        {"USB-C cable", "Electronics,Cables"}, {"1 TB SSD", "Electronics,Storage"}, {"Fountain pen", "Stationery,Pens"},
        {"Notebook A5", "Stationery,Paper"}, {"Running shoes", "Sports,Shoes"}, {"Yoga mat", "Sports,Fitness"},
        {"Espresso beans 1 kg", "Grocery,Coffee"}, {"Green tea", "Grocery,Tea"}, {"Penguin plush", "Toys,Plush"},
        {"Board game", "Toys,Games"}, {"Desk lamp", "Home,Lighting"}, {"Cotton T-shirt", "Fashion,Tops"}, {"Denim jacket", "Fashion,Outerwear"}};
    private static final String COLUMNS = "\"line_id\", \"customer_id\", \"email\", \"first_name\", \"last_name\", \"country\", \"city\", "
            + "\"loyalty_tier\", \"event_name\", \"event_time\", \"order_id\", \"product_id\", \"product_name\", \"category\", \"currency\", "
            + "\"quantity\", \"unit_price\", \"unit_sale_price\", \"_change_type\", \"_commit_version\", \"_commit_timestamp\"";
    /** The table's columns and types; {@code %s} is the array type of the category column, which differs between the two. */
    private static final String CREATE = "CREATE TABLE \"" + TABLE + "\" (\"line_id\" VARCHAR(40) NOT NULL, \"customer_id\" VARCHAR(20), "
            + "\"email\" VARCHAR(100), \"first_name\" VARCHAR(50), \"last_name\" VARCHAR(50), \"country\" VARCHAR(2), "
            + "\"city\" VARCHAR(50), \"loyalty_tier\" VARCHAR(20), \"event_name\" VARCHAR(40), \"event_time\" TIMESTAMP, "
            + "\"order_id\" VARCHAR(20), \"product_id\" VARCHAR(20), \"product_name\" VARCHAR(100), \"category\" %s, "
            + "\"currency\" VARCHAR(3), \"quantity\" INT, \"unit_price\" DECIMAL(12,2), \"unit_sale_price\" DECIMAL(12,2), "
            + "\"_change_type\" VARCHAR(20) NOT NULL, \"_commit_version\" BIGINT NOT NULL, \"_commit_timestamp\" TIMESTAMP NOT NULL)";
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private BenchData() {
    }

    /** Where a database of this kind and size lives. */
    static Path dir(Path root, BenchSource source, long rows) {
        return root.resolve((source == BenchSource.DUCKDB ? "duckdb-" : "data-") + rows);
    }

    /** The URL the sync reads the database in {@code dir} with, when it opens the file itself. */
    static String url(BenchSource source, Path dir) {
        return source == BenchSource.DUCKDB
                // Read-only: the sync never writes to its source, and the file stays as generated.
                ? "jdbc:duckdb:" + dir.toAbsolutePath().resolve("source.duckdb") + ";access_mode=READ_ONLY"
                : "jdbc:h2:file:" + dir.toAbsolutePath().resolve("source");
    }

    /** The database of {@code rows} change rows under {@code dir}: reused when complete, generated otherwise. */
    static void ensure(BenchSource source, Path dir, long rows) throws Exception {
        Path marker = dir.resolve("complete");
        String expected = GENERATION + " rows=" + rows;
        if (Files.exists(marker) && Files.readString(marker).trim().equals(expected)) {
            System.out.println("reusing " + dir + " (" + rows + " change rows)");
            return;
        }
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(dir);
        long started = System.nanoTime();
        if (source == BenchSource.DUCKDB) {
            writeDuckDb(dir, rows);
        } else {
            writeH2(dir, rows);
        }
        Files.writeString(marker, expected + "\n");
        System.out.printf("generated %d change rows in %.1f s into %s%n", rows, (System.nanoTime() - started) / 1e9, dir);
    }

    private static void writeH2(Path dir, long rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(url(BenchSource.H2_SERVER, dir))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(String.format(CREATE, "VARCHAR(50) ARRAY"));
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + TABLE + "\" (" + COLUMNS + ") VALUES ("
                    + "?, ".repeat(20) + "?)")) {
                new Generator(new BatchedInserts(insert, connection), rows).run();
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /** DuckDB takes rows fastest from a file: the rows go to a CSV file first, which COPY then loads and which is deleted. */
    private static void writeDuckDb(Path dir, long rows) throws Exception {
        Path csv = dir.resolve("rows.csv");
        try (CsvRows out = new CsvRows(Files.newBufferedWriter(csv))) {
            new Generator(out, rows).run();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.toAbsolutePath().resolve("source.duckdb"));
             Statement statement = connection.createStatement()) {
            statement.execute(String.format(CREATE, "VARCHAR[]"));
            statement.execute("COPY \"" + TABLE + "\" FROM '" + csv.toAbsolutePath() + "' (HEADER false, QUOTE '\"', ESCAPE '\"')");
        }
        Files.delete(csv);
    }

    /** Where the generator's rows go: all 21 columns of one change row, in the order of {@link #COLUMNS}. */
    private interface RowSink {
        void add(Object[] row) throws Exception;
    }

    private static final class BatchedInserts implements RowSink {
        private final PreparedStatement insert;
        private final Connection connection;
        private int pending;

        BatchedInserts(PreparedStatement insert, Connection connection) {
            this.insert = insert;
            this.connection = connection;
        }

        @Override
        public void add(Object[] row) throws SQLException {
            for (int i = 0; i < row.length; i++) {
                insert.setObject(i + 1, row[i]);
            }
            insert.addBatch();
            if (++pending >= 2_000) {
                insert.executeBatch();
                connection.commit();
                pending = 0;
            }
        }
    }

    /** CSV in the form DuckDB's COPY reads: every text quoted, arrays as list literals ([a, b]), times without a zone. */
    private static final class CsvRows implements RowSink, AutoCloseable {
        private final Writer out;

        CsvRows(Writer out) {
            this.out = out;
        }

        @Override
        public void add(Object[] row) throws IOException {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object value = row[i];
                if (value instanceof String[] array) {
                    out.write(quoted("[" + String.join(", ", array) + "]"));
                } else if (value instanceof Timestamp time) {
                    out.write(CSV_TIME.format(time.toLocalDateTime()));
                } else if (value instanceof String text) {
                    out.write(quoted(text));
                } else if (value != null) {
                    out.write(value.toString());
                }
            }
            out.write('\n');
        }

        private static String quoted(String text) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static final class Generator {
        private final RowSink sink;
        private final long target;
        private final Random random = new Random(42);
        /** Later changes (updates and deletes) of lines already inserted, written after all the inserts. */
        private final List<Object[]> later = new ArrayList<>();
        private long written;
        private long nextReport = 500_000;

        Generator(RowSink sink, long target) {
            this.sink = sink;
            this.target = target;
        }

        void run() throws Exception {
            long order = 0;
            for (long customer = 0; written + later.size() < target; customer++) {
                String email = "customer" + customer + "@example.com";
                String customerId = "C" + (1_000_000 + customer);
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                String[] place = PLACES[random.nextInt(PLACES.length)];
                String tier = TIERS[random.nextInt(TIERS.length)];
                int orders = 1 + random.nextInt(6);
                for (int o = 0; o < orders && written + later.size() < target; o++, order++) {
                    String orderId = "ORD-" + (10_000_000 + order);
                    int version = 1 + random.nextInt(10);
                    LocalDateTime time = FIRST_COMMIT.plusHours(version - 1).minusMinutes(1 + random.nextInt(50));
                    int lines = 1 + random.nextInt(5);
                    for (int l = 1; l <= lines && written + later.size() < target; l++) {
                        int p = random.nextInt(PRODUCTS.length);
                        int quantity = 1 + random.nextInt(3);
                        BigDecimal price = BigDecimal.valueOf(199 + random.nextInt(20_000), 2);
                        Object[] line = {orderId + "-" + l, customerId, email, first, last, place[0], place[1], tier, "purchase",
                            Timestamp.valueOf(time), orderId, "SKU-" + (1000 + p * 7 + random.nextInt(7)), PRODUCTS[p][0],
                            PRODUCTS[p][1].split(","), place[2], quantity, price,
                            random.nextInt(4) == 0 ? price.multiply(BigDecimal.valueOf(80, 2)).setScale(2, java.math.RoundingMode.HALF_UP) : price};
                        write(line, "insert", version);
                        double change = random.nextDouble();
                        if (change < 0.05 && written + later.size() + 2 <= target) {
                            // A corrected line: its quantity and price change at a later version.
                            int at = 11 + random.nextInt(3);
                            Object[] corrected = line.clone();
                            corrected[15] = quantity + 1;
                            corrected[16] = price.subtract(BigDecimal.ONE).max(BigDecimal.ONE);
                            corrected[17] = corrected[16];
                            later.add(row(line, "update_preimage", at));
                            later.add(row(corrected, "update_postimage", at));
                        } else if (change < 0.06 && written + later.size() + 1 <= target) {
                            later.add(row(line, "delete", 11 + random.nextInt(3)));
                        }
                    }
                }
            }
            for (Object[] change : later) {
                Object[] values = new Object[18];
                System.arraycopy(change, 0, values, 0, 18);
                write(values, (String) change[18], (Integer) change[19]);
            }
        }

        private static Object[] row(Object[] values, String changeType, int version) {
            Object[] row = new Object[20];
            System.arraycopy(values, 0, row, 0, 18);
            row[18] = changeType;
            row[19] = version;
            return row;
        }

        private void write(Object[] values, String changeType, int version) throws Exception {
            Object[] row = new Object[21];
            System.arraycopy(values, 0, row, 0, 18);
            row[18] = changeType;
            row[19] = (long) version;
            row[20] = Timestamp.valueOf(FIRST_COMMIT.plusHours(version - 1));
            sink.add(row);
            written++;
            if (written >= nextReport) {
                System.out.printf("  generated %,d of %,d change rows%n", written, target);
                nextReport += 500_000;
            }
        }
    }
}
