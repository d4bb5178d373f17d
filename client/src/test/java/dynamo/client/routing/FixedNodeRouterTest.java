package dynamo.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedNodeRouterTest {
    private static Target at(int port) {
        return new Target(null, URI.create("http://127.0.0.1:" + port));
    }

    @Test
    void everyKeyGoesToTheFixedNodeThenTheOtherSeedsOnce() {
        FixedNodeRouter router = new FixedNodeRouter(at(2), List.of(at(1), at(2), at(3)));
        assertThat(router.route(new byte[] {1})).containsExactly(at(2), at(1), at(3));
        assertThat(router.route(new byte[] {2})).containsExactly(at(2), at(1), at(3));
        assertThat(router.anyNode().get(0)).isEqualTo(at(2));
    }
}
