package dynamo.activemq;

import dynamo.core.message.Message;
import java.util.function.Consumer;

/**
 * {@link Message} records to compact bytes and back, and the frames that carry several of them in
 * one JMS message. The encoding is derived from the records themselves (see {@link Schema}): a
 * message is its type's tag followed by its fields, with no names and no padding. Only the
 * permitted subclasses of {@code Message} and the types they are made of can ever be instantiated.
 *
 * <p>A frame: format byte, the schema fingerprint (4 bytes), the message count (2 bytes), then
 * each message prefixed by its length, so that one message that does not decode costs only itself.
 */
public final class MessageCodec {
    static final int FORMAT = 1;
    static final int MAX_FRAME_MESSAGES = 0xFFFF;
    private static final int COUNT_OFFSET = 5;

    private final ValueCodec messages;
    private final int fingerprint;

    public MessageCodec() {
        Schema.Compiled compiled = Schema.compile(Message.class);
        this.messages = compiled.codec();
        this.fingerprint = compiled.fingerprint();
    }

    /** For logs: the type inside the epoch envelope. */
    public String typeOf(Message message) {
        return (message instanceof Message.Stamped s ? s.message() : message).getClass().getSimpleName();
    }

    /** A summary of the message set: nodes built from different message sets refuse each other's frames. */
    int fingerprint() {
        return fingerprint;
    }

    /** One message alone: its tag, then its fields. */
    public byte[] encode(Message message) {
        BinaryWriter out = new BinaryWriter(64);
        write(out, message);
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException for anything but exactly one well-formed message */
    public Message decode(byte[] body) {
        return decode(body, 0, body.length);
    }

    private Message decode(byte[] buf, int offset, int length) {
        BinaryReader in = new BinaryReader(buf, offset, length);
        Object message = messages.read(in);
        if (message == null) {
            throw BinaryReader.malformed("null message");
        }
        if (in.remaining() != 0) {
            throw BinaryReader.malformed(in.remaining() + " bytes after the " + typeOf((Message) message));
        }
        return (Message) message;
    }

    private void write(BinaryWriter out, Message message) {
        if (message == null) {
            throw new NullPointerException("message");
        }
        messages.write(out, message);
    }

    /**
     * Hands each message of a frame to {@code sink}, and each that does not decode to {@code malformed}.
     *
     * @throws IllegalArgumentException when the frame itself is malformed or from another message set
     */
    void decodeFrame(byte[] buf, int offset, int length, Consumer<Message> sink,
            Consumer<IllegalArgumentException> malformed) {
        BinaryReader in = new BinaryReader(buf, offset, length);
        int format = in.readByte();
        if (format != FORMAT) {
            throw BinaryReader.malformed("unknown frame format " + format);
        }
        int theirs = in.readFixedInt();
        if (theirs != fingerprint) {
            throw new IllegalArgumentException(String.format(
                    "frame from a different message set (schema %08x, ours %08x): is the peer on another build?",
                    theirs, fingerprint));
        }
        int count = in.readFixedShort();
        for (int i = 0; i < count; i++) {
            int size = in.readLength();
            int start = in.position();
            in.skip(size);
            Message message;
            try {
                message = decode(buf, start, size);
            } catch (IllegalArgumentException e) {
                malformed.accept(e);
                continue;
            }
            sink.accept(message);
        }
        if (in.remaining() != 0) {
            throw BinaryReader.malformed(in.remaining() + " bytes after the frame's " + count + " messages");
        }
    }

    /** Builds one frame at a time in a reused buffer; owned by one thread. */
    final class FrameBuilder {
        private final BinaryWriter out = new BinaryWriter(4096);
        private int count;

        FrameBuilder() {
            reset();
        }

        void reset() {
            out.reset();
            out.writeByte(FORMAT);
            out.writeFixedInt(fingerprint);
            out.writeFixedShort(0);
            count = 0;
        }

        /** Appends a message; if it cannot be encoded the frame stays as it was and the exception propagates. */
        void add(Message message) {
            if (count == MAX_FRAME_MESSAGES) {
                throw new IllegalStateException("frame full");
            }
            int start = out.position();
            out.writeByte(0); // room for a one-byte length, the common case
            try {
                write(out, message);
            } catch (RuntimeException e) {
                out.truncate(start);
                throw e;
            }
            out.insertUnsignedVarint(start, 1, out.position() - start - 1);
            count++;
        }

        int count() {
            return count;
        }

        int bytes() {
            return out.position();
        }

        /** The finished frame, in an array of its own (the JMS message keeps it). */
        byte[] toByteArray() {
            out.putFixedShort(COUNT_OFFSET, count);
            return out.toByteArray();
        }
    }
}
