package dynamo.activemq;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The key material of node-to-node TLS, read once at start-up: this node's key store (its
 * certificate and private key, shown to peers both as broker and as client) and the trust store
 * of the certificates (or the CA) the cluster's nodes present. PKCS12 or JKS, as keytool writes them.
 */
public final class BrokerTls {
    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers;

    private BrokerTls(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        this.keyManagers = keyManagers;
        this.trustManagers = trustManagers;
    }

    public static BrokerTls load(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(read(keyStore, keyStorePassword), keyStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(read(trustStore, trustStorePassword));
            return new BrokerTls(keys.getKeyManagers(), trust.getTrustManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the broker TLS stores " + keyStore + " and " + trustStore
                    + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore read(Path file, String password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            // getInstance("PKCS12") reads JKS files too (the JDK's keystore.type.compat)
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }

    KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    TrustManager[] trustManagers() {
        return trustManagers.clone();
    }
}
