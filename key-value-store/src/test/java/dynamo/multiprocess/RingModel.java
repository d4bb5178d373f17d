package dynamo.multiprocess;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The ring as DESIGN.md section 3 defines it, computed here independently of the product: a
 * position is the first 8 bytes of md5, unsigned; node i sits at md5("nodeI"); a key's preference
 * list is the first node at or after its position, clockwise, then the next ones. This is the
 * tokens layout with one token per node, which {@link LocalCluster} starts its clusters with; the
 * default partitions layout is checked in-process ({@code PartitionLayoutTest}, {@code ClientRingAgreementTest})
 * and by the in-JVM application tests, which run it.
 */
final class RingModel {
    private final List<Token> tokens;
    private final int replicas;

    RingModel(int nodes, int replicas) {
        this.tokens = IntStream.rangeClosed(1, nodes)
                .mapToObj(i -> new Token(position(("node" + i).getBytes(StandardCharsets.UTF_8)), i))
                .sorted(Comparator.comparing(Token::position, Long::compareUnsigned))
                .toList();
        this.replicas = replicas;
    }

    /** The standard layout of bin/cluster up 5: N = 3. */
    static RingModel fiveNodes() {
        return new RingModel(5, 3);
    }

    /** Indices (1-based) of the nodes that replicate {@code key}, coordinator first. */
    List<Integer> preferenceList(byte[] key) {
        long position = position(key);
        int first = 0;
        while (first < tokens.size() && Long.compareUnsigned(tokens.get(first).position(), position) < 0) {
            first++;
        }
        List<Integer> nodes = new ArrayList<>(replicas);
        for (int step = 0; nodes.size() < replicas; step++) {
            nodes.add(tokens.get((first + step) % tokens.size()).node());
        }
        return nodes;
    }

    boolean replicates(int node, byte[] key) {
        return preferenceList(key).contains(node);
    }

    private static long position(byte[] bytes) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(bytes)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Token(long position, int node) {
    }
}
