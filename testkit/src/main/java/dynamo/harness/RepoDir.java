package dynamo.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root, where bin/, the operations files (logging/, monitoring/, ...) and the
 * modules live: {@code -Ddynamo.repo} (failsafe sets it), else the nearest directory above the
 * working directory with key-value-store/ and a pom.xml.
 */
public final class RepoDir {
    private RepoDir() {
    }

    /** {@code relative} under the repository root. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** The repository root. */
    public static Path root() {
        String configured = System.getProperty("dynamo.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // Surefire runs in the module directory; walk up to the parent project.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("key-value-store")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }
}
