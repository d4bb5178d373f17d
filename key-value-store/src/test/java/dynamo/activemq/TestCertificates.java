package dynamo.activemq;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Self-signed key stores made with the JDK's keytool, as bin/cluster makes them for a local cluster. */
final class TestCertificates {
    static final String PASSWORD = "changeit-test";

    private TestCertificates() {
    }

    /** A PKCS12 key store at {@code keyStore} holding one key pair for 127.0.0.1-3, and a trust store of its certificate. */
    static void selfSigned(Path keyStore, Path trustStore, String name) throws IOException, InterruptedException {
        keyPair(keyStore, name);
        Path certificate = keyStore.resolveSibling(name + ".crt");
        keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
    }

    /** Only the key store (a self-signed key pair for 127.0.0.1-3). */
    static void keyPair(Path keyStore, String name) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,ip:127.0.0.2,ip:127.0.0.3,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
