package io.insidersync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.trafficlistener.WiremockNetworkTrafficListener;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A real HTTP server on 127.0.0.1 standing in for Insider's upsert endpoint (and its profile endpoint, which --verify asks),
 * answering as Insider's reference says.
 * One server serves the whole test JVM; its port is published as the system property {@code test.insider.port}
 * (and its HTTPS port, with a certificate nothing trusts, as {@code test.insider.https-port}) so that test properties can
 * point insider.url at it. It stops with the JVM.
 */
public final class InsiderStandIn {

    public static final String PATH = "/api/user/v1/upsert";
    /** Insider's Get User Profiles endpoint, which --verify asks to check the credentials. */
    public static final String PROFILE_PATH = "/api/user/v1/profile";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The connections to the server that are open, as the server sees them. */
    private static final Set<Socket> OPEN = ConcurrentHashMap.newKeySet();
    private static final WireMockServer SERVER = start();

    private InsiderStandIn() {
    }

    private static WireMockServer start() {
        // Also HTTPS, with WireMock's own certificate, which nothing trusts: a TLS failure.
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
                .networkTrafficListener(new WiremockNetworkTrafficListener() {
                    @Override
                    public void opened(Socket socket) {
                        OPEN.add(socket);
                    }

                    @Override
                    public void incoming(Socket socket, ByteBuffer bytes) {
                    }

                    @Override
                    public void outgoing(Socket socket, ByteBuffer bytes) {
                    }

                    @Override
                    public void closed(Socket socket) {
                        OPEN.remove(socket);
                    }
                }));
        server.start();
        System.setProperty("test.insider.port", String.valueOf(server.port()));
        System.setProperty("test.insider.https-port", String.valueOf(server.httpsPort()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    public static WireMockServer server() {
        return SERVER;
    }

    public static void reset() {
        SERVER.resetAll();
    }

    /** Insider accepts every user. */
    public static void acceptAll() {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"));
    }

    public static void answer(ResponseDefinitionBuilder response) {
        SERVER.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    /** Insider answers the first request with {@code first}, and accepts every request after it. */
    public static void firstThenAccept(ResponseDefinitionBuilder first) {
        SERVER.stubFor(post(urlEqualTo(PATH)).inScenario("first answer").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first).willSetStateTo("accepting"));
        SERVER.stubFor(post(urlEqualTo(PATH)).inScenario("first answer").whenScenarioStateIs("accepting")
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}")));
    }

    /** Insider answers the first {@code times} requests with {@code failure}, and accepts every request after them. */
    public static void failTimesThenAccept(int times, ResponseDefinitionBuilder failure) {
        for (int i = 0; i < times; i++) {
            SERVER.stubFor(post(urlEqualTo(PATH)).inScenario("storm").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed " + i)
                    .willReturn(failure).willSetStateTo("failed " + (i + 1)));
        }
        SERVER.stubFor(post(urlEqualTo(PATH)).inScenario("storm").whenScenarioStateIs("failed " + times)
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}")));
    }

    /** The profile endpoint answers 200 to a request carrying this token, and 403 to any other, as Insider does. */
    public static void profileAcceptsToken(String token) {
        SERVER.stubFor(post(urlEqualTo(PROFILE_PATH)).atPriority(1).withHeader("X-REQUEST-TOKEN", equalTo(token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
        SERVER.stubFor(post(urlEqualTo(PROFILE_PATH)).atPriority(2)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("{\"error\":\"forbidden\"}")));
    }

    /** The profile endpoint answers every request with {@code response}. */
    public static void answerProfile(ResponseDefinitionBuilder response) {
        SERVER.stubFor(post(urlEqualTo(PROFILE_PATH)).willReturn(response));
    }

    public static List<LoggedRequest> profileRequests() {
        return SERVER.findAll(postRequestedFor(urlEqualTo(PROFILE_PATH)));
    }

    public static List<LoggedRequest> requests() {
        return SERVER.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    /** The bodies Insider received, parsed, in the order they arrived. */
    public static List<JsonNode> bodies() {
        return requests().stream().map(request -> {
            try {
                return JSON.readTree(request.getBody());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** The connections to the server open now. */
    public static Set<Socket> openConnections() {
        return Set.copyOf(OPEN);
    }

    /**
     * Waits until the server has closed every connection opened since {@code openBefore} was taken: all that came on
     * them, up to a client's end, has been read and logged. A request of its own, on a connection of its own, answered
     * first, makes sure that the server has accepted every connection made before it, so that none is left to open.
     */
    public static void awaitConnectionsClosedSince(Set<Socket> openBefore, Duration deadline) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVER.port())) {
            socket.getOutputStream().write("GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
        Eventually.await(() -> "the stand-in to close the connections opened since; still open: " + openConnections(), deadline,
                () -> openBefore.containsAll(OPEN));
    }

    public static String url() {
        return "http://127.0.0.1:" + SERVER.port() + PATH;
    }
}
