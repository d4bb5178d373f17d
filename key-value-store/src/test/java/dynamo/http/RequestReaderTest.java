package dynamo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.operation.Quorum;
import dynamo.core.message.ClientRequest;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.VersionCodec;
import dynamo.core.version.WriteTag;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestReaderTest {
    private static final int LIMIT = 16;
    private static final int KEY_LIMIT = 8;
    private static final byte[] KEY = {(byte) 0xfb, (byte) 0xff, 0x00, 'k'};
    private static final String KEY_URL = Base64.getUrlEncoder().withoutPadding().encodeToString(KEY);
    private static final String KEY_STD = Base64.getEncoder().encodeToString(KEY);
    private static final Version VERSION = new Version(VectorClock.EMPTY.increment("n1", 5), new WriteTag(3, "n1", 9));

    private final RequestReader reader = new RequestReader(new Quorum(3, 2, 2), KEY_LIMIT, LIMIT);

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertStatus(int status, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void getAcceptsBothAlphabets() {
        assertThat(reader.get(KEY_URL, null).key()).isEqualTo(KEY);
        assertThat(reader.get(KEY_STD, null).key()).isEqualTo(KEY);
        assertThat(reader.get(KEY_STD.replace("=", ""), null).key()).isEqualTo(KEY);
    }

    @Test
    void getDefaultsToRAndTakesTheClientsR() {
        ClientRequest byDefault = reader.get(KEY_URL, null);
        assertThat(byDefault.kind()).isEqualTo(ClientRequest.Kind.GET);
        assertThat(byDefault.quorum()).isEqualTo(2);
        assertThat(reader.get(KEY_URL, "").quorum()).isEqualTo(2);
        assertThat(reader.get(KEY_URL, "3").quorum()).isEqualTo(3);
        assertThat(reader.get(KEY_URL, " 1 ").quorum()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4", "-1", "2147483647"})
    void getRejectsROutsideOneToN(String r) {
        assertStatus(400, () -> reader.get(KEY_URL, r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"two", "1.5", "2x", "99999999999", "1\u0000", "2.0"})
    void getRejectsANonIntegerR(String r) {
        assertStatus(400, () -> reader.get(KEY_URL, r));
    }

    @Test
    void getRejectsABadOrMissingKey() {
        assertStatus(400, () -> reader.get("not*base64", null));
        assertStatus(400, () -> reader.get("a", null));
        assertStatus(400, () -> reader.get("", null));
        assertStatus(400, () -> reader.get(null, null));
    }

    @Test
    void aKeyAtTheLimitIsReadAndOneByteMoreIsRejected() {
        String atLimit = Base64.getEncoder().encodeToString(new byte[KEY_LIMIT]);
        String over = Base64.getEncoder().encodeToString(new byte[KEY_LIMIT + 1]);
        assertThat(reader.get(atLimit, null).key()).hasSize(KEY_LIMIT);
        assertThat(reader.put(new PutBody(atLimit, b64("v"), null, null)).key()).hasSize(KEY_LIMIT);
        assertStatus(400, () -> reader.get(over, null));
        assertStatus(400, () -> reader.put(new PutBody(over, b64("v"), null, null)));
        assertStatus(400, () -> reader.get("A".repeat(10_000), null));
    }

    @Test
    void putReadsKeyValueVersionAndW() {
        ClientRequest put = reader.put(new PutBody(KEY_URL, b64("hello"), VersionCodec.encode(VERSION), 3));

        assertThat(put.kind()).isEqualTo(ClientRequest.Kind.PUT);
        assertThat(put.key()).isEqualTo(KEY);
        assertThat(put.value()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(put.fromVersion()).isEqualTo(VERSION);
        assertThat(put.quorum()).isEqualTo(3);
    }

    @Test
    void putWithoutVersionOrWIsUnconditionalWithTheDefaultW() {
        ClientRequest missing = reader.put(new PutBody(KEY_STD, b64("v"), null, null));
        ClientRequest empty = reader.put(new PutBody(KEY_STD, b64("v"), "", null));

        assertThat(missing.fromVersion()).isNull();
        assertThat(empty.fromVersion()).isNull();
        assertThat(missing.quorum()).isEqualTo(2);
    }

    @Test
    void anEmptyValueIsADelete() {
        ClientRequest delete = reader.put(new PutBody(KEY_URL, "", null, null));

        assertThat(delete.value()).isNull();
        assertThat(delete.kind()).isEqualTo(ClientRequest.Kind.PUT);
    }

    @Test
    void aMissingValueIsRejected() {
        assertStatus(400, () -> reader.put(new PutBody(KEY_URL, null, null, null)));
    }

    @Test
    void aMissingBodyIsRejected() {
        assertStatus(400, () -> reader.put(null));
    }

    @Test
    void putRejectsABadOrMissingKey() {
        assertStatus(400, () -> reader.put(new PutBody(null, b64("v"), null, null)));
        assertStatus(400, () -> reader.put(new PutBody("", b64("v"), null, null)));
        assertStatus(400, () -> reader.put(new PutBody("!!", b64("v"), null, null)));
    }

    @Test
    void putRejectsABadValue() {
        assertStatus(400, () -> reader.put(new PutBody(KEY_URL, "not base64!", null, null)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, -2})
    void putRejectsWOutsideOneToN(int w) {
        assertStatus(400, () -> reader.put(new PutBody(KEY_URL, b64("v"), null, w)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "AQ", "aGVsbG8"})
    void putRejectsAMalformedFromVersion(String version) {
        assertStatus(400, () -> reader.put(new PutBody(KEY_URL, b64("v"), version, null)));
    }

    @Test
    void aValueAtTheLimitIsAccepted() {
        byte[] atLimit = new byte[LIMIT];
        String encoded = Base64.getEncoder().encodeToString(atLimit);

        assertThat(reader.put(new PutBody(KEY_URL, encoded, null, null)).value()).hasSize(LIMIT);
        assertThat(reader.put(new PutBody(KEY_URL, encoded.replace("=", ""), null, null)).value()).hasSize(LIMIT);
    }

    @Test
    void aValueOverTheLimitIsTooLarge() {
        String justOver = Base64.getEncoder().encodeToString(new byte[LIMIT + 1]);
        String farOver = Base64.getEncoder().encodeToString(new byte[LIMIT * 100]);

        assertStatus(413, () -> reader.put(new PutBody(KEY_URL, justOver, null, null)));
        assertStatus(413, () -> reader.put(new PutBody(KEY_URL, farOver, null, null)));
    }

    @Test
    void errorsCarryAMessageForTheClient() {
        assertThatThrownBy(() -> reader.get(KEY_URL, "9")).hasMessageContaining("minNumReads");
        assertThatThrownBy(() -> reader.put(new PutBody(KEY_URL, b64("v"), null, 9))).hasMessageContaining("minNumWrites");
        assertThatThrownBy(() -> reader.put(new PutBody(KEY_URL, b64("v"), "x!", null))).hasMessageContaining("fromVersion");
    }
}
