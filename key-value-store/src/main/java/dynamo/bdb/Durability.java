package dynamo.bdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When a JE commit (and so a replica's acknowledgement) returns: {@code os} once the log record is
 * written to the operating system (survives the JVM's death, kill -9, not a power cut of the host),
 * {@code sync} once it is fsynced to the disk (survives a power cut too, at an fsync per write).
 */
public enum Durability {
    OS(com.sleepycat.je.Durability.COMMIT_WRITE_NO_SYNC),
    SYNC(com.sleepycat.je.Durability.COMMIT_SYNC);

    private final com.sleepycat.je.Durability je;

    Durability(com.sleepycat.je.Durability je) {
        this.je = je;
    }

    com.sleepycat.je.Durability je() {
        return je;
    }

    /** The configuration's spelling; anything else fails the start with the accepted values. */
    @JsonCreator
    public static Durability parse(String text) {
        return Arrays.stream(values()).filter(d -> d.text().equals(String.valueOf(text).trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("durability must be one of "
                        + Arrays.stream(values()).map(Durability::text).collect(Collectors.joining(", "))
                        + ", got '" + text + "'"));
    }

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
