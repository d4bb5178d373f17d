package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.message.Message;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    private Message roundTrip(Message message) {
        return codec.decode(codec.encode(message));
    }

    private static List<Message> generated() {
        return SampleValues.of(Message.class).stream().map(Message.class::cast).toList();
    }

    @Test
    void everyPermittedMessageTypeRoundTripsWithGeneratedValues() {
        List<Message> samples = generated();
        assertThat(samples.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(SampleValues.concreteTypes(Message.class));
        for (Message message : samples) {
            assertThat(roundTrip(message)).as("%s", message).usingRecursiveComparison().isEqualTo(message);
        }
    }

    @Test
    void handWrittenSamplesRoundTrip() {
        for (Message message : SampleMessages.everyType("node-1")) {
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
    void theEncodingIsCompact() {
        // tag, varint request id, length-prefixed id: no names, no base64
        assertThat(codec.encode(new Message.Ping(12, "node-1"))).hasSize(1 + 1 + 1 + 6);
        byte[] value = new byte[1000];
        Message.WriteRequest write = new Message.WriteRequest(1, "n", new byte[] {1},
                List.of(new Versioned(value, SampleMessages.version("n", 1))), null);
        assertThat(codec.encode(write).length).isBetween(1000, 1060);
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
    void everyTruncationAndTrailingGarbageIsRejected() {
        for (Message message : generated()) {
            byte[] full = codec.encode(message);
            for (int cut = 0; cut < full.length; cut++) {
                try {
                    codec.decode(Arrays.copyOf(full, cut));
                    throw new AssertionError(message + " cut at " + cut + " was accepted");
                } catch (IllegalArgumentException expected) {
                    // refused
                }
            }
            byte[] longer = Arrays.copyOf(full, full.length + 1);
            assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unknownTagsAreRejected() {
        int types = Message.class.getPermittedSubclasses().length;
        byte[] body = codec.encode(new Message.Ping(1, "n"));
        body[0] = (byte) (types + 1); // tags are index + 1
        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown tag");
        assertThatThrownBy(() -> codec.decode(new byte[] {0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeLengthIsRejectedWithoutAllocating() {
        byte[] ping = codec.encode(new Message.ReadRequest(1, "n", new byte[] {1}));
        // the key's length + 1 as a varint claiming 2^31 bytes, with nothing behind it
        byte[] forged = Arrays.copyOf(ping, ping.length - 2 + 5);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, forged,
                ping.length - 2, 5);
        assertThatThrownBy(() -> codec.decode(forged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void anOverlongVarintIsRejected() {
        byte[] body = new byte[14];
        body[0] = 1;
        Arrays.fill(body, 1, 13, (byte) 0xFF);
        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomCorruptionOnlyEverYieldsIllegalArgumentOrAMessage() {
        Random random = new Random(11);
        List<byte[]> valid = generated().stream().map(codec::encode).toList();
        for (int i = 0; i < 20_000; i++) {
            byte[] body = valid.get(random.nextInt(valid.size())).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0 && body.length > 0; flips--) {
                body[random.nextInt(body.length)] = (byte) random.nextInt();
            }
            try {
                assertThat(codec.decode(body)).isInstanceOf(Message.class);
            } catch (IllegalArgumentException expected) {
                // refused, as it should be
            }
        }
    }

    @Test
    void aFrameCarriesManyMessagesAndSkipsOnlyTheBadOne() {
        MessageCodec.FrameBuilder frame = codec.new FrameBuilder();
        List<Message> sent = new ArrayList<>(generated());
        sent.forEach(frame::add);
        byte[] bytes = frame.toByteArray();
        List<Message> got = new ArrayList<>();
        codec.decodeFrame(bytes, 0, bytes.length, got::add, e -> { throw e; });
        assertThat(got).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i)).usingRecursiveComparison().isEqualTo(sent.get(i));
        }

        frame.reset();
        frame.add(new Message.Ping(1, "a"));
        frame.add(new Message.Ping(2, "a"));
        byte[] two = frame.toByteArray();
        two[two.length - 4] = 99; // second message's tag: unknown
        List<Message> survivors = new ArrayList<>();
        List<IllegalArgumentException> refused = new ArrayList<>();
        codec.decodeFrame(two, 0, two.length, survivors::add, refused::add);
        assertThat(survivors).containsExactly(new Message.Ping(1, "a"));
        assertThat(refused).hasSize(1);
    }

    @Test
    void aFrameFromAnotherMessageSetOrFormatIsRefused() {
        MessageCodec.FrameBuilder frame = codec.new FrameBuilder();
        frame.add(new Message.Ping(1, "a"));
        byte[] bytes = frame.toByteArray();
        bytes[1] ^= 1; // fingerprint
        assertThatThrownBy(() -> codec.decodeFrame(bytes, 0, bytes.length, m -> { }, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different message set");
        byte[] other = frame.toByteArray();
        other[0] = 9;
        assertThatThrownBy(() -> codec.decodeFrame(other, 0, other.length, m -> { }, e -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] truncated = Arrays.copyOf(frame.toByteArray(), 9);
        assertThatThrownBy(() -> codec.decodeFrame(truncated, 0, truncated.length, m -> { }, e -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageThatCannotBeEncodedLeavesTheFrameAsItWas() {
        MessageCodec.FrameBuilder frame = codec.new FrameBuilder();
        frame.add(new Message.Ping(1, "a"));
        int before = frame.bytes();
        assertThatThrownBy(() -> frame.add(null)).isInstanceOf(NullPointerException.class);
        assertThat(frame.bytes()).isEqualTo(before);
        assertThat(frame.count()).isEqualTo(1);
    }
}
