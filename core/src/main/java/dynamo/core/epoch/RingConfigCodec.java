package dynamo.core.epoch;

import dynamo.core.membership.Member;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.Ballot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ring configs and the register's acceptor state as bytes: what BDB stores and what the ring messages
 * carry (one encoding, so a config read from disk and one fetched from a peer are the same). A format
 * byte comes first, so a later format adds fields and still reads the older ones.
 * Partition owners are indices into the member list: 256 partitions cost 256 bytes, not 256 names.
 */
public final class RingConfigCodec {
    /** Format 1: epoch, layout, members, owners. Format 2 adds the move under way and the members' addresses. */
    private static final int FORMAT = 2;
    private static final int TOKENS = 0;
    private static final int PARTITIONS = 1;

    private RingConfigCodec() {
    }

    public static byte[] encode(RingConfig config) {
        return write(out -> writeConfig(out, config));
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed config */
    public static RingConfig decode(byte[] bytes) {
        return read(bytes, RingConfigCodec::readConfig);
    }

    public static byte[] encode(RegisterState state) {
        return write(out -> {
            writeBallot(out, state.promised());
            writeBallot(out, state.accepted());
            out.writeBoolean(state.value() != null);
            if (state.value() != null) {
                writeConfig(out, state.value());
            }
        });
    }

    public static RegisterState decodeRegister(byte[] bytes) {
        return read(bytes, in -> new RegisterState(readBallot(in), readBallot(in), in.readBoolean() ? readConfig(in) : null));
    }

    private static void writeConfig(DataOutputStream out, RingConfig config) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(config.epoch());
        if (config.layout() instanceof RingLayout.Partitions p) {
            out.writeByte(PARTITIONS);
            out.writeInt(p.count());
            out.writeInt(p.replicas());
        } else {
            out.writeByte(TOKENS);
            out.writeInt(((RingLayout.Tokens) config.layout()).virtualNodes());
        }
        writeMembers(out, config.members(), config.owners());
        out.writeBoolean(config.move() != null);
        if (config.move() != null) {
            writeMembers(out, config.move().members(), config.move().owners());
        }
        out.writeInt(config.addresses().size());
        for (Member m : config.addresses().values()) {
            out.writeUTF(m.id());
            writeNullable(out, m.brokerUrl());
            writeNullable(out, m.httpUrl());
            writeNullable(out, m.adminUrl());
        }
    }

    private static void writeMembers(DataOutputStream out, List<String> members, List<String> owners) throws IOException {
        out.writeInt(members.size());
        for (String member : members) {
            out.writeUTF(member);
        }
        for (String owner : owners) {
            out.writeShort(members.indexOf(owner));
        }
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static RingConfig readConfig(DataInputStream in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != 1 && format != FORMAT) {
            throw new IllegalArgumentException("unknown ring config format " + format);
        }
        long epoch = in.readLong();
        int kind = in.readUnsignedByte();
        RingLayout layout = switch (kind) {
            case PARTITIONS -> new RingLayout.Partitions(in.readInt(), in.readInt());
            case TOKENS -> new RingLayout.Tokens(in.readInt());
            default -> throw new IllegalArgumentException("unknown ring layout " + kind);
        };
        int partitions = layout instanceof RingLayout.Partitions p ? p.count() : 0;
        List<String> members = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        readMembers(in, partitions, members, owners);
        if (format == 1) {
            return new RingConfig(epoch, members, layout, owners);
        }
        RingConfig.Move move = null;
        if (in.readBoolean()) {
            List<String> moveMembers = new ArrayList<>();
            List<String> moveOwners = new ArrayList<>();
            readMembers(in, partitions, moveMembers, moveOwners);
            move = new RingConfig.Move(moveMembers, moveOwners);
        }
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IllegalArgumentException("bad address count " + count);
        }
        Map<String, Member> addresses = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Member m = new Member(in.readUTF(), readNullable(in), readNullable(in), readNullable(in));
            addresses.put(m.id(), m);
        }
        return new RingConfig(epoch, members, layout, owners, move, addresses);
    }

    private static void readMembers(DataInputStream in, int partitions, List<String> members, List<String> owners)
            throws IOException {
        int size = in.readInt();
        if (size < 1 || size > in.available()) {
            throw new IllegalArgumentException("bad member count " + size);
        }
        for (int i = 0; i < size; i++) {
            members.add(in.readUTF());
        }
        for (int i = 0; i < partitions; i++) {
            int index = in.readUnsignedShort();
            if (index >= members.size()) {
                throw new IllegalArgumentException("owner index " + index + " of " + members.size() + " members");
            }
            owners.add(members.get(index));
        }
    }

    private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.counter());
        out.writeUTF(ballot.nodeId());
    }

    private static Ballot readBallot(DataInputStream in) throws IOException {
        return new Ballot(in.readLong(), in.readUTF());
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " bytes after a ring config");
            }
            return value;
        } catch (IOException e) { // truncated input: EOFException
            throw new IllegalArgumentException("malformed ring config: " + e, e);
        }
    }
}
