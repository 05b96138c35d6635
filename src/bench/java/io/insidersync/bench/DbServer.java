package io.insidersync.bench;

import org.h2.tools.Server;

/**
 * The benchmark's database in a process of its own (the default, {@code --source server}): H2's TCP server over the
 * generated file database, bound to 127.0.0.1 (h2.bindAddress, set before H2 loads) on a free port, printed first as
 * {@code PORT <n>}. The window statement is then evaluated here, as a SQL warehouse evaluates it, and the sync's JVM
 * holds only what it reads. It stops on a line {@code stop} on its standard input, when that input closes, or after
 * {@code maxSeconds}.
 */
public final class DbServer {

    private DbServer() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        long maxSeconds = args.length > 0 ? Long.parseLong(args[0]) : 3 * 3600;
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Server server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifExists").start();
        System.out.println("PORT " + server.getPort());
        System.out.flush();
        UntilStopped.await("database server", maxSeconds, () -> {
            server.stop();
            System.out.println("DBSERVER stopped");
            System.exit(0);
        });
    }
}
