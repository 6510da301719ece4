package io.influxtimescale.source.influx;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the SSLContext for https URLs: the JVM default, a given trust store, or (explicitly asked for) none. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext create(InfluxConnectionSettings settings) {
        try {
            if (settings.insecure()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            if (settings.trustStorePath() != null) {
                KeyStore store = KeyStore.getInstance(settings.trustStoreType());
                char[] pw = settings.trustStorePassword() == null ? null
                        : settings.trustStorePassword().toCharArray();
                try (InputStream in = Files.newInputStream(Path.of(settings.trustStorePath()))) {
                    store.load(in, pw);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            }
            return SSLContext.getDefault();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any certificate and, being an X509ExtendedTrustManager that checks nothing, any host name too (the JDK
     * does host name verification inside the trust manager). Only for influxdb.tls.insecure=true.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
