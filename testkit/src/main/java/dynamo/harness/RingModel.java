package dynamo.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where keys live, as the tests compute it. The tokens and their owners are what a node's admin
 * {@code GET /ring} advertises (256 partitions by default, or md5 tokens: the layout is the
 * product's choice); the rest is this model's own, after DESIGN.md section 3: a position is the
 * first 8 bytes of md5, unsigned; a key's preference list is the owner of the first token at or
 * after its position, clockwise, then the owners of the following tokens, each node once. A node
 * that stores or coordinates keys elsewhere than on the ring it advertises fails the tests.
 */
public final class RingModel {
    private final List<Token> tokens;
    private final int replicas;

    private RingModel(List<Token> tokens, int replicas) {
        this.tokens = tokens.stream().sorted(Comparator.comparing(Token::position, Long::compareUnsigned)).toList();
        this.replicas = replicas;
    }

    /** The ring of a {@code GET /ring} answer; node ids are bin/cluster's {@code node<index>}. */
    public static RingModel of(JsonNode ring) {
        List<Token> tokens = new ArrayList<>();
        for (JsonNode node : ring.path("nodes")) {
            int index = Integer.parseInt(node.path("id").asText().substring("node".length()));
            node.path("tokens").forEach(token -> tokens.add(new Token(Long.parseUnsignedLong(token.asText()), index)));
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a ring without tokens: " + ring);
        }
        return new RingModel(tokens, ring.path("replicas").asInt());
    }

    /** The same ring with {@code n} replicas per key (n = the node count: every node, in ring order). */
    public RingModel withReplicas(int n) {
        return new RingModel(tokens, n);
    }

    /** Indices (1-based) of the nodes that replicate {@code key}, coordinator first. */
    public List<Integer> preferenceList(byte[] key) {
        long position = position(key);
        int first = 0;
        while (first < tokens.size() && Long.compareUnsigned(tokens.get(first).position(), position) < 0) {
            first++;
        }
        List<Integer> nodes = new ArrayList<>(replicas);
        for (int step = 0; nodes.size() < replicas && step < tokens.size(); step++) {
            int node = tokens.get((first + step) % tokens.size()).node();
            if (!nodes.contains(node)) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    public boolean replicates(int node, byte[] key) {
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
