package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generic record codec on shapes the message set does not have yet: the lead's next messages. */
class SchemaTest {
    enum Phase { PREPARE, ACCEPT, COMMIT }

    record Ballot(long round, String node) {
    }

    sealed interface Proposal permits Proposal.Prepare, Proposal.Accept, Proposal.Nested {
        record Prepare(Ballot ballot, Phase phase, Boolean fast, Integer hint) implements Proposal {
        }

        record Accept(Ballot ballot, List<Ballot> seen, List<List<String>> groups, byte[] value,
                      double weight, float ratio, char mark, short shard, byte flags, boolean last,
                      Long maybeLong, Character maybeChar) implements Proposal {
        }

        record Nested(Proposal inner, List<? extends Proposal> more, List<Phase> phases) implements Proposal {
        }
    }

    record Tree(String label, List<Tree> children) {
    }

    record Unsupported(Map<String, String> attributes) {
    }

    private static Object roundTrip(ValueCodec codec, Object value) {
        BinaryWriter out = new BinaryWriter(16);
        codec.write(out, value);
        byte[] bytes = out.toByteArray();
        BinaryReader in = new BinaryReader(bytes, 0, bytes.length);
        Object back = codec.read(in);
        assertThat(in.remaining()).isZero();
        return back;
    }

    @Test
    void nestedRecordsEnumsBoxesNullsAndListsOfRecordsRoundTrip() {
        ValueCodec codec = Schema.compile(Proposal.class).codec();
        List<Object> samples = SampleValues.of(Proposal.class);
        assertThat(samples).hasSizeGreaterThanOrEqualTo(3 * SampleValues.VARIANTS);
        for (Object sample : samples) {
            assertThat(roundTrip(codec, sample)).as("%s", sample).usingRecursiveComparison().isEqualTo(sample);
        }
        Proposal nulls = new Proposal.Nested(null, java.util.Arrays.asList(null, new Proposal.Prepare(null, null, null, null)), null);
        assertThat(roundTrip(codec, nulls)).usingRecursiveComparison().isEqualTo(nulls);
    }

    @Test
    void recursiveRecordsWorkButInputNestedTooDeeplyIsRefused() {
        ValueCodec codec = Schema.compile(Tree.class).codec();
        Tree tree = new Tree("root", List.of(new Tree("a", List.of()), new Tree("b", List.of(new Tree("c", null)))));
        assertThat(roundTrip(codec, tree)).isEqualTo(tree);

        // present, no label, one child: repeated far beyond any real nesting
        byte[] deep = new byte[3 * 10_000];
        for (int i = 0; i < deep.length; i += 3) {
            deep[i] = 1;
            deep[i + 1] = 0;
            deep[i + 2] = 2;
        }
        assertThatThrownBy(() -> codec.read(new BinaryReader(deep, 0, deep.length)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper");
    }

    @Test
    void anUnsupportedComponentTypeFailsWhenTheCodecIsBuiltNamingWhere() {
        assertThatThrownBy(() -> Schema.compile(Unsupported.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unsupported.attributes");
    }

    @Test
    void theFingerprintChangesWithTheShapeAndOnlyWithIt() {
        assertThat(Schema.compile(Proposal.class).fingerprint()).isEqualTo(Schema.compile(Proposal.class).fingerprint());
        assertThat(Schema.compile(Proposal.class).fingerprint()).isNotEqualTo(Schema.compile(Tree.class).fingerprint());
    }

    @Test
    void unknownEnumConstantsAndBadBooleansAreRefused() {
        ValueCodec codec = Schema.compile(Proposal.class).codec();
        // tags by sorted name: Accept 1, Nested 2, Prepare 3 (index + 1)
        byte[] prepare = {3, 0, 9, 0, 0}; // Prepare, null ballot, constant 8: unknown
        assertThatThrownBy(() -> codec.read(new BinaryReader(prepare, 0, prepare.length)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown constant");
        byte[] badBoolean = {3, 0, 1, 1, 7, 0}; // Prepare, null ballot, PREPARE, present, boolean 7
        assertThatThrownBy(() -> codec.read(new BinaryReader(badBoolean, 0, badBoolean.length)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boolean");
    }

    @Test
    void varintsRoundTripAtTheEdges() {
        long[] values = {0, 1, -1, 63, -64, 64, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        BinaryWriter out = new BinaryWriter(1);
        for (long v : values) {
            out.writeSignedVarint(v);
            out.writeUnsignedVarint(v);
        }
        byte[] bytes = out.toByteArray();
        BinaryReader in = new BinaryReader(bytes, 0, bytes.length);
        for (long v : values) {
            assertThat(in.readSignedVarint()).isEqualTo(v);
            assertThat(in.readUnsignedVarint()).isEqualTo(v);
        }
        assertThat(in.remaining()).isZero();
    }
}
