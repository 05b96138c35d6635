package io.insidersync.delta;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A Databricks SQL warehouse for the tests, on 127.0.0.1 over HTTPS: it serves the SQL Statement Execution REST API
 * that the Databricks JDBC driver speaks with {@code UseThriftClient=0}, and runs every statement on the test Delta Lake
 * (Spark's Thrift Server with Delta, through Spark's Hive driver), one Spark session per warehouse session.
 *
 * <p>It answers as a warehouse does: sign-in with a personal access token or with OAuth machine-to-machine (discovery,
 * then client credentials at the token endpoint, an access token that is a JWT issued by this host); results as
 * {@code JSON_ARRAY} chunks or Arrow IPC, inline when the whole result fits one chunk and the request allows it,
 * otherwise as external links to chunks served here; the manifest's {@code type_name}/{@code type_text} for every
 * column (TIMESTAMP and TIMESTAMP_NTZ told apart by {@code DESCRIBE QUERY}); statements still running when the request's
 * wait is over, to be polled; failures with their SQL state. It keeps every request it was sent.
 */
public final class WarehouseStandIn implements AutoCloseable {

    public static final String WAREHOUSE_ID = "f00dfeed5ea1ab1e";
    public static final String HTTP_PATH = "/sql/1.0/warehouses/" + WAREHOUSE_ID;
    public static final String HOST = "127.0.0.1";
    /** Test credentials, new in each test JVM. */
    public static final String TOKEN = "dapi" + UUID.randomUUID().toString().replace("-", "");
    /** A token the warehouse knows but that may not use it: answered with 403. */
    public static final String FORBIDDEN_TOKEN = "dapi" + UUID.randomUUID().toString().replace("-", "");
    public static final String CLIENT_ID = UUID.randomUUID().toString();
    public static final String CLIENT_SECRET = "dose" + UUID.randomUUID().toString().replace("-", "");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION = Pattern.compile("/api/2\\.0/sql/warehouses/([^/]+)/sessions/?");
    private static final Pattern SESSION_ID = Pattern.compile("/api/2\\.0/sql/warehouses/([^/]+)/sessions/([^/]+)");
    private static final Pattern STATEMENTS = Pattern.compile("/api/2\\.0/sql/statements/?");
    private static final Pattern STATEMENT = Pattern.compile("/api/2\\.0/sql/statements/([^/]+)/?");
    private static final Pattern STATEMENT_CANCEL = Pattern.compile("/api/2\\.0/sql/statements/([^/]+)/cancel");
    private static final Pattern CHUNK = Pattern.compile("/api/2\\.0/sql/statements/([^/]+)/result/chunks/(\\d+)");
    private static final Pattern FILE = Pattern.compile("/files/([^/]+)/(\\d+)");
    private static final Pattern WAIT = Pattern.compile("(\\d+)s");
    private static final Set<String> QUERY_STARTS = Set.of("select", "with", "(", "values", "table");

    private static WarehouseStandIn shared;

    /** A request as it arrived: header names in lower case. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private final DeltaLake lake;
    private final HttpsServer server;
    private final WarehouseCertificate certificate;
    private final ExecutorService statements = Executors.newCachedThreadPool(daemon("warehouse-statement"));
    private final ExecutorService http = Executors.newFixedThreadPool(8, daemon("warehouse-http"));
    private final byte[] signingKey = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> statementLog = new CopyOnWriteArrayList<>();
    private volatile int rowsPerChunk = 4;
    private volatile long answerWithinMillis = -1;

    private WarehouseStandIn(DeltaLake lake, HttpsServer server, WarehouseCertificate certificate) {
        this.lake = lake;
        this.server = server;
        this.certificate = certificate;
    }

    /** The warehouse most tests share, on a free port, started on first use and gone with the test JVM. */
    public static synchronized WarehouseStandIn get() {
        if (shared == null) {
            try {
                shared = start(0);
            } catch (BindException e) {
                throw new IllegalStateException("no free port for the stand-in warehouse", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "warehouse-stop"));
        }
        return shared;
    }

    /** A warehouse of its own on the given port (0: a free one); the caller closes it. */
    public static WarehouseStandIn start(int port) throws BindException {
        DeltaLake lake = DeltaLake.get();
        WarehouseCertificate certificate = WarehouseCertificate.create(Path.of("target", "warehouse-tls", "port-" + port + "-" + System.nanoTime())
                .toAbsolutePath());
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            WarehouseStandIn warehouse = new WarehouseStandIn(lake, server, certificate);
            server.createContext("/", warehouse::handle);
            server.setExecutor(warehouse.http);
            server.start();
            return warehouse;
        } catch (BindException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the stand-in warehouse", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The settings that point the sync at this warehouse through the production driver and the URL the project builds:
     * the host, HTTP path and credentials an integrator gives, plus only what points the driver here (the port, the
     * trust store of this warehouse's certificate, no telemetry).
     */
    public Map<String, String> syncSettings(String auth) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("source.kind", "databricks");
        settings.put("databricks.host", HOST);
        settings.put("databricks.port", Integer.toString(port()));
        settings.put("databricks.http-path", HTTP_PATH);
        settings.put("databricks.auth", auth);
        if (auth.equals("token")) {
            settings.put("databricks.token", TOKEN);
        } else {
            settings.put("databricks.client-id", CLIENT_ID);
            settings.put("databricks.client-secret", CLIENT_SECRET);
        }
        settings.put("databricks.jdbc-options", driverOptions());
        return settings;
    }

    /** The driver options that point it at this warehouse. */
    public String driverOptions() {
        return certificate.driverOptions() + ";EnableTelemetry=0";
    }

    public String trustStorePassword() {
        return certificate.trustStorePassword();
    }

    /** Results longer than this many rows come in several chunks. */
    public void rowsPerChunk(int rows) {
        this.rowsPerChunk = rows;
    }

    /** Statements answer within this time, and are polled after it; -1: within the wait the request asks for. */
    public void answerWithin(long millis) {
        this.answerWithinMillis = millis;
    }

    /** Every request so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The SQL of every statement the driver sent so far, in order. */
    public List<String> statements() {
        return List.copyOf(statementLog);
    }

    public void forget() {
        requests.clear();
        statementLog.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        http.shutdownNow();
        statements.shutdownNow();
        sessions.values().forEach(Session::close);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Request request = new Request(method, exchange.getRequestURI().toString(), headers, body);
            requests.add(request);
            Reply reply;
            try {
                reply = route(method, path, request);
            } catch (RuntimeException e) {
                reply = Reply.json(500, error("INTERNAL_ERROR", "stand-in warehouse: " + e));
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    private Reply route(String method, String path, Request request) {
        if (path.equals("/oidc/.well-known/oauth-authorization-server")) {
            ObjectNode discovery = JSON.createObjectNode();
            discovery.put("issuer", baseUrl() + "/oidc");
            discovery.put("authorization_endpoint", baseUrl() + "/oidc/v1/authorize");
            discovery.put("token_endpoint", baseUrl() + "/oidc/v1/token");
            return Reply.json(200, discovery);
        }
        if (path.equals("/oidc/v1/token") && method.equals("POST")) {
            return token(request);
        }
        Matcher file = FILE.matcher(path);
        if (file.matches() && method.equals("GET")) {
            // An external link is presigned: it carries no credentials, as a cloud store's would not.
            return chunkFile(file.group(1), Integer.parseInt(file.group(2)));
        }
        if (!path.startsWith("/api/")) {
            return Reply.json(404, error("NOT_FOUND", "No such endpoint: " + path));
        }
        Optional<Reply> refused = refusal(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Matcher m;
        if ((m = SESSION.matcher(path)).matches() && method.equals("POST")) {
            return openSession(m.group(1), request.body());
        }
        if ((m = SESSION_ID.matcher(path)).matches() && method.equals("DELETE")) {
            Session session = sessions.remove(m.group(2));
            if (session != null) {
                session.close();
                runs.values().removeIf(run -> run.session == session);
            }
            return Reply.json(200, JSON.createObjectNode());
        }
        if (STATEMENTS.matcher(path).matches() && method.equals("POST")) {
            return execute(request.body());
        }
        if ((m = CHUNK.matcher(path)).matches() && method.equals("GET")) {
            Run run = runs.get(m.group(1));
            return run == null ? noStatement(m.group(1)) : Reply.json(200, run.chunk(Integer.parseInt(m.group(2))));
        }
        if ((m = STATEMENT_CANCEL.matcher(path)).matches() && method.equals("POST")) {
            Run run = runs.get(m.group(1));
            if (run != null) {
                run.future.cancel(true);
            }
            return Reply.json(200, JSON.createObjectNode());
        }
        if ((m = STATEMENT.matcher(path)).matches()) {
            Run run = runs.get(m.group(1));
            if (method.equals("DELETE")) {
                runs.remove(m.group(1));
                return Reply.json(200, JSON.createObjectNode());
            }
            if (method.equals("GET")) {
                return run == null ? noStatement(m.group(1)) : Reply.json(200, run.response(0));
            }
        }
        return Reply.json(404, error("NOT_FOUND", "No such endpoint: " + method + " " + path));
    }

    /** A token or a JWT issued here may use the warehouse; the forbidden token may not; anything else is not known. */
    private Optional<Reply> refusal(Request request) {
        String authorization = request.header("Authorization").orElse("");
        if (!authorization.startsWith("Bearer ")) {
            return Optional.of(Reply.json(401, error("UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.")));
        }
        String token = authorization.substring("Bearer ".length()).trim();
        if (token.equals(FORBIDDEN_TOKEN)) {
            return Optional.of(Reply.json(403, error("PERMISSION_DENIED", "User does not have permission to use warehouse " + WAREHOUSE_ID + ".")));
        }
        if (!token.equals(TOKEN) && !issuedTokens.contains(token)) {
            return Optional.of(Reply.json(401, error("UNAUTHENTICATED", "Invalid access token.")));
        }
        return Optional.empty();
    }

    private Reply token(Request request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean basic = request.header("Authorization").map(expected::equals).orElse(false);
        boolean inForm = request.body().contains("client_id=" + CLIENT_ID) && request.body().contains("client_secret=" + CLIENT_SECRET);
        if (!request.body().contains("grant_type=client_credentials") || !(basic || inForm)) {
            ObjectNode refused = JSON.createObjectNode();
            refused.put("error", "invalid_client");
            refused.put("error_description", "Client authentication failed");
            return Reply.json(401, refused);
        }
        String accessToken = jwt();
        issuedTokens.add(accessToken);
        ObjectNode reply = JSON.createObjectNode();
        reply.put("access_token", accessToken);
        reply.put("token_type", "Bearer");
        reply.put("scope", "all-apis");
        reply.put("expires_in", 3600);
        return Reply.json(200, reply);
    }

    private String jwt() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", baseUrl() + "/oidc");
        claims.put("sub", CLIENT_ID);
        claims.put("aud", CLIENT_ID);
        claims.put("scope", "all-apis");
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        String unsigned = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return unsigned + "." + url.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply openSession(String warehouseId, String body) {
        if (!warehouseId.equals(WAREHOUSE_ID)) {
            return Reply.json(404, error("RESOURCE_DOES_NOT_EXIST", "No warehouse " + warehouseId));
        }
        JsonNode request = parse(body);
        JsonNode confs = request.path("session_confs");
        String zone = confs.path("TIMEZONE").asText(confs.path("timezone").asText("UTC"));
        Session session;
        try {
            session = new Session(lake.connect(), ZoneId.of(zone));
        } catch (SQLException | java.time.DateTimeException e) {
            return Reply.json(400, error("INVALID_PARAMETER_VALUE", "stand-in warehouse could not open a Spark session: " + e.getMessage()));
        }
        try (Statement statement = session.connection.createStatement()) {
            statement.execute("SET spark.sql.session.timeZone = " + zone);
            String schema = request.path("schema").asText("");
            if (!schema.isBlank()) {
                statement.execute("USE `" + schema.replace("`", "``") + "`");
            }
        } catch (SQLException e) {
            session.close();
            return Reply.json(400, error("INVALID_PARAMETER_VALUE", "stand-in warehouse could not set up the session: " + e.getMessage()));
        }
        String id = UUID.randomUUID().toString();
        sessions.put(id, session);
        ObjectNode reply = JSON.createObjectNode();
        reply.put("session_id", id);
        return Reply.json(200, reply);
    }

    private Reply execute(String body) {
        JsonNode request = parse(body);
        String sql = request.path("statement").asText();
        statementLog.add(sql);
        if (!request.path("warehouse_id").asText(WAREHOUSE_ID).equals(WAREHOUSE_ID)) {
            return Reply.json(404, error("RESOURCE_DOES_NOT_EXIST", "No warehouse " + request.path("warehouse_id").asText()));
        }
        if (request.path("parameters").size() > 0) {
            return Reply.json(400, error("INVALID_PARAMETER_VALUE", "the stand-in warehouse does not take statement parameters"));
        }
        Session session = sessions.get(request.path("session_id").asText(""));
        if (session == null) {
            return Reply.json(404, error("NOT_FOUND", "No session " + request.path("session_id").asText()));
        }
        Run run = new Run(UUID.randomUUID().toString(), session, request.path("format").asText("JSON_ARRAY"),
                request.path("disposition").asText("INLINE"), statements.submit(() -> session.run(sql)));
        runs.put(run.id, run);
        long waitMillis = answerWithinMillis >= 0 ? answerWithinMillis : waitMillis(request.path("wait_timeout").asText("10s"));
        try {
            run.future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running (polled), or failed (answered below)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Reply.json(200, run.response(0));
    }

    private Reply chunkFile(String statementId, int chunk) {
        Run run = runs.get(statementId);
        if (run == null || !run.future.isDone()) {
            return Reply.json(404, error("NOT_FOUND", "No such result"));
        }
        WarehouseResult result = run.result().orElseThrow();
        int from = chunk * rowsPerChunk;
        return new Reply(200, "application/vnd.apache.arrow.stream", result.arrowStream(from, Math.min(result.rowCount(), from + rowsPerChunk)));
    }

    private Reply noStatement(String id) {
        return Reply.json(404, error("RESOURCE_DOES_NOT_EXIST", "No statement " + id));
    }

    private String baseUrl() {
        return "https://" + HOST + (port() == 443 ? "" : ":" + port());
    }

    private static long waitMillis(String waitTimeout) {
        Matcher m = WAIT.matcher(waitTimeout);
        return m.matches() ? Long.parseLong(m.group(1)) * 1000 : 10_000;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("error_code", code);
        error.put("message", message);
        return error;
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A warehouse session: a Spark session of its own, so a SET applies to the statements after it. */
    private static final class Session {

        private final Connection connection;
        private final ZoneId zone;

        Session(Connection connection, ZoneId zone) {
            this.connection = connection;
            this.zone = zone;
        }

        /** Runs one statement; a result, or none for a statement that gives no rows. */
        synchronized Optional<WarehouseResult> run(String sql) throws SQLException {
            // The statement first, so that a failure is its own (with its SQL state), not that of DESCRIBE QUERY.
            List<String> labels = new ArrayList<>();
            List<String> hiveTypes = new ArrayList<>();
            List<int[]> precisions = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                if (!statement.execute(sql)) {
                    return Optional.empty();
                }
                try (ResultSet result = statement.getResultSet()) {
                    ResultSetMetaData meta = result.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        labels.add(meta.getColumnLabel(i));
                        hiveTypes.add(meta.getColumnTypeName(i));
                        precisions.add(new int[] {meta.getPrecision(i), meta.getScale(i)});
                    }
                    while (result.next()) {
                        List<String> row = new ArrayList<>(labels.size());
                        for (int i = 1; i <= labels.size(); i++) {
                            row.add(result.getString(i));
                        }
                        rows.add(row);
                    }
                }
            }
            List<String> types = hiveTypes;
            if (isQuery(sql)) {
                types = describeQuery(sql);
                if (types.size() != labels.size()) {
                    throw new SQLException("stand-in warehouse: DESCRIBE QUERY gave " + types.size() + " columns for a result of " + labels.size());
                }
            }
            List<WarehouseColumn> columns = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                columns.add(WarehouseColumn.of(labels.get(i), types.get(i), precisions.get(i)[0], precisions.get(i)[1]));
            }
            return Optional.of(new WarehouseResult(columns, rows, zone));
        }

        /** The Spark types of a query's columns, which Hive's metadata does not tell apart (TIMESTAMP, TIMESTAMP_NTZ). */
        private List<String> describeQuery(String sql) throws SQLException {
            List<String> types = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("DESCRIBE QUERY " + sql)) {
                while (result.next()) {
                    types.add(result.getString("data_type"));
                }
            }
            return types;
        }

        private static boolean isQuery(String sql) {
            String start = sql.stripLeading().toLowerCase(Locale.ROOT);
            return QUERY_STARTS.stream().anyMatch(start::startsWith);
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // the Spark session ends with the server
            }
        }
    }

    /** One statement: running, failed, or done with its result (or none). */
    private final class Run {

        private final String id;
        private final Session session;
        private final String format;
        private final String disposition;
        private final Future<Optional<WarehouseResult>> future;

        Run(String id, Session session, String format, String disposition, Future<Optional<WarehouseResult>> future) {
            this.id = id;
            this.session = session;
            this.format = format;
            this.disposition = disposition;
            this.future = future;
        }

        Optional<WarehouseResult> result() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        ObjectNode response(int chunk) {
            ObjectNode response = JSON.createObjectNode();
            response.put("statement_id", id);
            ObjectNode status = response.putObject("status");
            if (!future.isDone()) {
                status.put("state", "RUNNING");
                return response;
            }
            if (future.isCancelled()) {
                status.put("state", "CANCELED");
                return response;
            }
            Throwable failure = failure();
            if (failure != null) {
                status.put("state", "FAILED");
                ObjectNode error = status.putObject("error");
                error.put("error_code", "BAD_REQUEST");
                error.put("message", sparkMessage(failure));
                if (failure instanceof SQLException sql && sql.getSQLState() != null) {
                    status.put("sql_state", sql.getSQLState());
                }
                return response;
            }
            status.put("state", "SUCCEEDED");
            Optional<WarehouseResult> result = result();
            ObjectNode manifest = response.putObject("manifest");
            manifest.put("format", format);
            ObjectNode schema = manifest.putObject("schema");
            List<WarehouseColumn> columns = result.map(WarehouseResult::columns).orElse(List.of());
            schema.put("column_count", columns.size());
            ArrayNode columnNodes = schema.putArray("columns");
            for (int i = 0; i < columns.size(); i++) {
                WarehouseColumn column = columns.get(i);
                ObjectNode node = columnNodes.addObject();
                node.put("name", column.name());
                node.put("type_text", column.typeText());
                node.put("type_name", column.typeName());
                node.put("position", i);
                if (column.typeName().equals("DECIMAL")) {
                    node.put("type_precision", column.precision());
                    node.put("type_scale", column.scale());
                }
            }
            int rows = result.map(WarehouseResult::rowCount).orElse(0);
            int chunks = rows == 0 ? 0 : (rows + rowsPerChunk - 1) / rowsPerChunk;
            manifest.put("total_chunk_count", chunks);
            manifest.put("total_row_count", rows);
            manifest.put("truncated", false);
            manifest.put("result_compression", "NONE");
            ArrayNode chunkNodes = manifest.putArray("chunks");
            for (int c = 0; c < chunks; c++) {
                ObjectNode node = chunkNodes.addObject();
                node.put("chunk_index", c);
                node.put("row_offset", (long) c * rowsPerChunk);
                node.put("row_count", Math.min(rowsPerChunk, rows - c * rowsPerChunk));
            }
            if (chunks > 0) {
                response.set("result", chunk(chunk));
            }
            return response;
        }

        /** One chunk of the result: its rows inline, or a link to them. */
        ObjectNode chunk(int index) {
            WarehouseResult result = result().orElseThrow();
            int rows = result.rowCount();
            int chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
            int from = index * rowsPerChunk;
            int to = Math.min(rows, from + rowsPerChunk);
            ObjectNode data = JSON.createObjectNode();
            boolean arrow = format.equals("ARROW_STREAM");
            boolean inline = !arrow || (disposition.equals("INLINE_OR_EXTERNAL_LINKS") && chunks == 1) || disposition.equals("INLINE");
            if (arrow && !inline) {
                ArrayNode links = data.putArray("external_links");
                ObjectNode link = links.addObject();
                link.put("chunk_index", index);
                link.put("row_offset", from);
                link.put("row_count", to - from);
                link.put("byte_count", result.arrowStream(from, to).length);
                link.put("external_link", baseUrl() + "/files/" + id + "/" + index);
                link.put("expiration", Instant.now().plusSeconds(900).toString());
                if (index + 1 < chunks) {
                    link.put("next_chunk_index", index + 1);
                    link.put("next_chunk_internal_link", "/api/2.0/sql/statements/" + id + "/result/chunks/" + (index + 1));
                }
                return data;
            }
            data.put("chunk_index", index);
            data.put("row_offset", from);
            data.put("row_count", to - from);
            if (arrow) {
                data.put("attachment", result.arrowStream(from, to));
            } else {
                ArrayNode array = data.putArray("data_array");
                for (List<String> row : result.jsonCells(from, to)) {
                    ArrayNode cells = array.addArray();
                    row.forEach(cells::add);
                }
            }
            if (index + 1 < chunks) {
                data.put("next_chunk_index", index + 1);
                data.put("next_chunk_internal_link", "/api/2.0/sql/statements/" + id + "/result/chunks/" + (index + 1));
            }
            return data;
        }

        private Throwable failure() {
            try {
                future.get();
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }
    }

    /** Spark's message without the Hive driver's wrapping, as a warehouse words it: {@code [ERROR_CLASS] …}. */
    private static String sparkMessage(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        int errorClass = message.indexOf('[');
        String start = message.replaceFirst("^Error running query: ", "").replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        return errorClass >= 0 && errorClass < 200 && !start.startsWith("[") ? message.substring(errorClass) : start;
    }

    private record Reply(int status, String contentType, byte[] body) {

        static Reply json(int status, JsonNode node) {
            return new Reply(status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
