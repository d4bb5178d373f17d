package dynamo.bdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HintKeyTest {
    @Test
    void decodesTargetAndKey() {
        byte[] record = HintKey.encode("node-é", new byte[] {0, (byte) 0xff});

        assertThat(HintKey.target(record)).isEqualTo("node-é");
        assertThat(HintKey.key(record)).containsExactly(0, 0xff);
    }

    @Test
    void aTargetPrefixMatchesOnlyThatTargetsRecords() {
        byte[] a = HintKey.prefix("a");

        assertThat(VersionsDatabase.startsWith(HintKey.encode("a", "bc".getBytes()), a)).isTrue();
        assertThat(VersionsDatabase.startsWith(HintKey.encode("ab", "c".getBytes()), a)).isFalse();
        assertThat(HintKey.encode("a", "bc".getBytes())).isNotEqualTo(HintKey.encode("ab", "c".getBytes()));
    }

    @Test
    void afterIsTheLeastStringBeyondThePrefix() {
        assertThat(HintKey.after(new byte[] {1, 2})).containsExactly(1, 3);
        assertThat(HintKey.after(new byte[] {1, (byte) 0xff})).containsExactly(2);
        assertThat(HintKey.after(new byte[] {(byte) 0xff, (byte) 0xff})).isNull();
    }
}
