package dynamo.activemq;

/** Writes and reads one value of a fixed static type; reference types carry their own null marker. */
interface ValueCodec {
    void write(BinaryWriter out, Object value);

    /** @throws IllegalArgumentException on malformed input */
    Object read(BinaryReader in);
}
