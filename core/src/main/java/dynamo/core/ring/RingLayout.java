package dynamo.core.ring;

import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How a member set becomes a ring. Both layouts are pure functions of the member ids and the
 * settings, so every node computes the same ring without coordination.
 */
public sealed interface RingLayout {

    Ring ringOf(Collection<String> nodeIds);

    /** Dynamo's strategy 1: md5 tokens per node; one per node is the Simple Dynamo layout. */
    record Tokens(int virtualNodes) implements RingLayout {
        public Tokens {
            if (virtualNodes < 1) {
                throw new IllegalArgumentException("the tokens layout needs at least one token per node");
            }
        }

        @Override
        public Ring ringOf(Collection<String> nodeIds) {
            return new Ring(nodeIds, virtualNodes);
        }
    }

    /**
     * Dynamo's strategy 3: {@code count} equal partitions, partition i ending at token
     * floor(i * 2^64 / count), spread over the nodes by the {@link PartitionAllocator}.
     */
    record Partitions(int count, int replicas) implements RingLayout {
        public Partitions {
            if (count < 1 || replicas < 1) {
                throw new IllegalArgumentException("the partitions layout needs at least one partition and replica");
            }
        }

        @Override
        public Ring ringOf(Collection<String> nodeIds) {
            return ring(nodeIds, List.of());
        }

        /**
         * The ring of {@code nodeIds} that keeps what it can of {@code previous} (a ring of this
         * layout): what a membership change with a history, as epoch rings will have, should use.
         */
        public Ring ringAfter(Ring previous, Collection<String> nodeIds) {
            List<String> owners = IntStream.range(0, count).mapToObj(i -> previous.owners().get(boundary(i))).toList();
            if (owners.contains(null)) {
                throw new IllegalArgumentException("the previous ring is not one of " + count + " partitions");
            }
            return ring(nodeIds, owners);
        }

        private Ring ring(Collection<String> nodeIds, List<String> previousOwners) {
            List<String> nodes = List.copyOf(new LinkedHashSet<>(nodeIds));
            return ringOfOwners(nodes, PartitionAllocator.owners(nodes, count, replicas, previousOwners));
        }

        /** The ring whose partition i is owned by {@code owners.get(i)}: a stored ring config, rebuilt as it was. */
        public Ring ringOfOwners(Collection<String> nodeIds, List<String> owners) {
            if (owners.size() != count) {
                throw new IllegalArgumentException(owners.size() + " owners for " + count + " partitions");
            }
            Map<Long, String> tokens = new HashMap<>();
            for (int i = 0; i < count; i++) {
                tokens.put(boundary(i), owners.get(i));
            }
            return new Ring(nodeIds, tokens);
        }

        /** The token that ends partition i: floor(i * 2^64 / count), as an unsigned 64-bit value. */
        public long boundary(int i) {
            return BigInteger.valueOf(i).shiftLeft(Long.SIZE).divide(BigInteger.valueOf(count)).longValue();
        }
    }
}
