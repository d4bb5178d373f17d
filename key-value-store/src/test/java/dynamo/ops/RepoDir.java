package dynamo.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where the operations files (logging/, monitoring/, ...) live. */
final class RepoDir {
    private RepoDir() {
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }

    static Path root() {
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
