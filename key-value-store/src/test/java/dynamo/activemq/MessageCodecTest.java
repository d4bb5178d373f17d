package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.message.Message;
import dynamo.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    private Message roundTrip(Message message) {
        return codec.decode(codec.typeOf(message), codec.encode(message));
    }

    @Test
    void everyMessageTypeRoundTrips() {
        List<Message> samples = SampleMessages.everyType("node-1");
        assertThat(samples.stream().<Class<?>>map(Message::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
        for (Message message : samples) {
            assertThat(roundTrip(message)).usingRecursiveComparison().isEqualTo(message);
        }
    }

    @Test
    void tombstoneStaysATombstone() {
        Message.ReadReply reply = new Message.ReadReply(1, "n", List.of(Versioned.tombstone(SampleMessages.version("n", 1))));
        Message.ReadReply back = (Message.ReadReply) roundTrip(reply);
        assertThat(back.versions()).singleElement().satisfies(v -> assertThat(v.isTombstone()).isTrue());
        assertThat(back.versions()).isEqualTo(reply.versions());
    }

    @Test
    void derivedAccessorsAreNotSerialized() {
        String json = new String(codec.encode(new Message.ReadReply(1, "n", List.of(SampleMessages.value("x", 1)))),
                StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("tombstone").contains("\"requestId\":1");
    }

    @Test
    void oneMebibyteValueRoundTrips() {
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        Message.WriteRequest request = new Message.WriteRequest(9, "n", new byte[] {1},
                List.of(new Versioned(big, SampleMessages.version("n", 1))), null);
        Message.WriteRequest back = (Message.WriteRequest) roundTrip(request);
        assertThat(Arrays.equals(back.versions().get(0).value(), big)).isTrue();
    }

    @Test
    void unknownTypeIsRejected() {
        byte[] body = codec.encode(new Message.Ping(1, "n"));
        assertThatThrownBy(() -> codec.decode("java.lang.Runtime", body)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(null, body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedBodyIsRejected() {
        assertThatThrownBy(() -> codec.decode("Ping", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownFieldsFromANewerPeerAreIgnored() {
        byte[] body = "{\"requestId\":5,\"from\":\"n\",\"hops\":2}".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode("Ping", body)).isEqualTo(new Message.Ping(5, "n"));
    }
}
