package dynamo.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SuspicionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Suspicions suspicions = new Suspicions(Duration.ofSeconds(2), now::get);
    private final URI node = URI.create("http://127.0.0.1:1");

    @Test
    void aSuspectedNodeIsSkippedUntilTheSuspicionExpires() {
        assertThat(suspicions.suspected(node)).isFalse();
        suspicions.suspect(node);
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(suspicions.suspected(node)).isTrue();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(suspicions.suspected(node)).isFalse();
    }

    @Test
    void anAnswerClearsIt() {
        suspicions.suspect(node);
        suspicions.cleared(node);
        assertThat(suspicions.suspected(node)).isFalse();
    }
}
