package dynamo.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Reads the newest point of a whisper file as carbon wrote it: a big-endian header (aggregation,
 * max retention, xFilesFactor, archive count), one (offset, seconds per point, points) triple per
 * archive, then each archive as a ring of (uint32 timestamp, double value) points. The finest
 * archive, the first, always holds the newest point.
 */
final class LiveWhisper {
    private static final int HEADER_BYTES = 16;
    private static final int POINT_BYTES = 12;

    private LiveWhisper() {
    }

    /** The series a Graphite path names under carbon's whisper directory. */
    static Path file(Path whisperDir, String metricPath) {
        return whisperDir.resolve(metricPath.replace('.', '/') + ".wsp");
    }

    /** One stored point: when (epoch seconds, start of its interval) and what. */
    record Point(long epochSecond, double value) {
    }

    /** The newest point, empty while the file is missing or holds no point yet. */
    static Optional<Point> newest(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ByteBuffer whisper = ByteBuffer.wrap(Files.readAllBytes(file));
        int offset = whisper.getInt(HEADER_BYTES);
        int points = whisper.getInt(HEADER_BYTES + 8);
        // Unwritten slots have timestamp 0; a slot's timestamp is an unsigned 32-bit second.
        return IntStream.range(0, points)
                .map(i -> offset + i * POINT_BYTES)
                .filter(at -> whisper.getInt(at) != 0)
                .boxed()
                .max(Comparator.comparingLong(at -> Integer.toUnsignedLong(whisper.getInt(at))))
                .map(at -> new Point(Integer.toUnsignedLong(whisper.getInt(at)), whisper.getDouble(at + 4)));
    }
}
