package io.insidersync.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's own {@code keytool}: the key store the stand-in warehouse
 * serves HTTPS with, and a trust store holding only its certificate, which the Databricks driver is told to trust
 * ({@code SSLTrustStore}). TLS verification stays on, as in production.
 */
final class WarehouseCertificate {

    private static final String ALIAS = "warehouse";

    private final Path keyStore;
    private final Path trustStore;
    private final String password;

    private WarehouseCertificate(Path keyStore, Path trustStore, String password) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
    }

    static WarehouseCertificate create(Path folder) {
        try {
            Files.createDirectories(folder);
            Path keyStore = folder.resolve("warehouse-key.p12");
            Path certificate = folder.resolve("warehouse.crt");
            Path trustStore = folder.resolve("warehouse-trust.p12");
            for (Path file : List.of(keyStore, certificate, trustStore)) {
                Files.deleteIfExists(file);
            }
            String password = UUID.randomUUID().toString();
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password);
            keytool("-exportcert", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", password, "-rfc", "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(), "-storetype", "PKCS12", "-keystore",
                    trustStore.toString(), "-storepass", password);
            return new WarehouseCertificate(keyStore, trustStore, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the stand-in warehouse's certificate in " + folder, e);
        }
    }

    /** The TLS context the server answers with. */
    SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stand-in warehouse's key store cannot be used", e);
        }
    }

    /** The driver options that make it trust this certificate, and nothing else beyond the JVM's own trust. */
    String driverOptions() {
        return "SSLTrustStore=" + trustStore + ";SSLTrustStorePwd=" + password + ";SSLTrustStoreType=PKCS12";
    }

    String trustStorePassword() {
        return password;
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
