package dynamo.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret given in the configuration either inline or as a file (the file keeps it out of the
 * YAML, and bin/cluster writes one with mode 600). Leading and trailing white space is dropped, so
 * a file written by {@code echo} works; an empty result is an error, not "no secret".
 */
final class SecretSetting {
    private SecretSetting() {
    }

    static Optional<String> resolve(String name, String inline, String file) {
        if (inline != null && file != null) {
            throw new IllegalArgumentException("set either " + name + " or " + name + "File, not both");
        }
        if (inline == null && file == null) {
            return Optional.empty();
        }
        String value = inline != null ? inline : read(name, Path.of(file));
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + (inline != null ? " is empty" : "File " + file + " is empty"));
        }
        return Optional.of(value.strip());
    }

    private static String read(String name, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + "File " + file, e);
        }
    }
}
