package io.insidersync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A minimal Insider stand-in, in a process of its own: binds 127.0.0.1 on a free port (printed first, as
 * {@code PORT <n>}), answers every POST with HTTP 200 and Insider's documented answer for a request it accepted whole
 * ({@code data} with {@code successful} and an empty {@code fail}; the sync takes nothing else for delivery) after
 * reading and discarding the body, and counts requests and body bytes. It stops on a line {@code stop} on its standard input, when its standard
 * input closes (its parent is gone), or after {@code maxSeconds}, printing {@code STANDIN requests=<n> bytes=<n>}.
 */
public final class StandIn {

    /** The users are not counted (the body is not parsed): the sync reads only the "fail" entries. */
    private static final byte[] ANSWER = "{\"data\":{\"successful\":{\"count\":1000},\"fail\":{}}}".getBytes(StandardCharsets.US_ASCII);

    private StandIn() {
    }

    public static void main(String[] args) throws Exception {
        long maxSeconds = args.length > 0 ? Long.parseLong(args[0]) : 3 * 3600;
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                long read = drain(exchange.getRequestBody());
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                requests.incrementAndGet();
                bytes.addAndGet(read);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ANSWER.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(ANSWER);
                }
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();

        UntilStopped.await("stand-in", maxSeconds, () -> finish(server, threads, requests, bytes));
    }

    private static void finish(HttpServer server, ExecutorService threads, AtomicLong requests, AtomicLong bytes) {
        server.stop(0);
        threads.shutdownNow();
        System.out.println("STANDIN requests=" + requests.get() + " bytes=" + bytes.get());
        System.out.flush();
        System.exit(0);
    }

    private static long drain(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            total += n;
        }
        return total;
    }
}
