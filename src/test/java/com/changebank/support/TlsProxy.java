package com.changebank.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's HAProxy terminating TLS in front of ChangeBank, as deployments run it: HTTPS on 127.0.0.1:{@code port}
 * with a certificate for {@code localhost} made for the occasion (by {@code openssl}), plain HTTP to the app, and
 * {@code X-Forwarded-Proto: https} passed on, which the app must not need.
 */
public final class TlsProxy implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Certificate certificate;
    private final Process haproxy;

    private TlsProxy(int port, Certificate certificate, Process haproxy) {
        this.port = port;
        this.certificate = certificate;
        this.haproxy = haproxy;
    }

    /** HAProxy on {@code port} forwarding to the app on {@code appPort}; its files go to {@code directory}. */
    public static TlsProxy start(int port, int appPort, Path directory) {
        try {
            Files.createDirectories(directory);
            Path key = directory.resolve("localhost.key");
            Path cert = directory.resolve("localhost.crt");
            run(directory, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", key.toString(), "-out", cert.toString());
            Path pem = directory.resolve("localhost.pem");
            Files.writeString(pem, Files.readString(cert) + Files.readString(key));
            Process haproxy = Haproxy.start(directory, """

                    frontend https
                        bind 127.0.0.1:%d ssl crt %s alpn h2,http/1.1
                        http-request set-header X-Forwarded-Proto https
                        default_backend app

                    backend app
                        server app 127.0.0.1:%d
                    """.formatted(port, pem, appPort));
            Certificate certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
            TlsProxy proxy = new TlsProxy(port, certificate, haproxy);
            proxy.awaitListening(directory);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start HAProxy with TLS", e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://localhost:PORT}, the address users reach the app at. */
    public String origin() {
        return "https://localhost:" + port;
    }

    /**
     * The SHA-256 of the certificate's public key, base64: what Chromium's {@code --ignore-certificate-errors-spki-list}
     * trusts, this certificate and no other.
     */
    public String publicKeyHash() {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context that trusts this certificate only, for Java's HTTP client. */
    public SSLContext trustingIt() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("localhost", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        haproxy.destroy();
        haproxy.onExit().join();
    }

    private void awaitListening(Path directory) {
        Instant start = Instant.now();
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!haproxy.isAlive() || Instant.now().isAfter(start.plus(START_TIMEOUT))) {
                    close();
                    throw new IllegalStateException("HAProxy did not listen on port " + port + "; see "
                            + directory.resolve("haproxy.log"));
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void run(Path directory, String... command) throws IOException {
        Path log = directory.resolve(command[0] + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
