package dynamo.core.message;

import dynamo.core.storage.StoredEntry;
import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * Everything nodes say to each other. {@code requestId} correlates a reply with its request;
 * {@code from} is the sender's node id, where replies go.
 */
public sealed interface Message {
    long requestId();

    String from();

    /**
     * Whether handling {@code message} waits on nothing but memory: a reply to an operation in flight,
     * a forwarded request (it only starts an operation), a ping. A transport keeps a thread for these
     * that storage work (prepares, accepts, reads, copies) cannot take, so a node whose disk stalls
     * still hears the replies of the peers it coordinates with, and their majority still answers its
     * clients.
     */
    /**
     * An answer to something this node sent: proof that the sender reads what this node sends it. A
     * request proves only that the sender can send (under a one-way cut it still can).
     */
    static boolean isAnswer(Message message) {
        Message bare = message instanceof Stamped stamped ? stamped.message() : message;
        return bare instanceof ReadReply || bare instanceof Promise || bare instanceof Accepted
                || bare instanceof WriteReply || bare instanceof ForwardReply || bare instanceof Pong
                || bare instanceof ScanReply || bare instanceof MerkleReply || bare instanceof BucketReply
                || bare instanceof StreamReply || bare instanceof RingConfigReply || bare instanceof StaleEpoch
                || bare instanceof MoveStepDone;
    }

    static boolean isLight(Message message) {
        Message bare = message instanceof Stamped stamped ? stamped.message() : message;
        return bare instanceof ReadReply || bare instanceof Promise || bare instanceof Accepted
                || bare instanceof WriteReply || bare instanceof ForwardRequest || bare instanceof ForwardReply
                || bare instanceof Ping || bare instanceof Pong;
    }

    /** Coordinator to replica: send me your versions of this key and the ballot they were accepted with. */
    record ReadRequest(long requestId, String from, byte[] key) implements Message {
    }

    record ReadReply(long requestId, String from, List<Versioned> versions, Ballot accepted) implements Message {
        public ReadReply(long requestId, String from, List<Versioned> versions) {
            this(requestId, from, versions, Ballot.ZERO);
        }
    }

    /**
     * Store these versions of the key: in siblings mode a write (resolved against yours); in
     * linearizable mode a late copy of what was accepted with {@code accepted} (hinted handoff,
     * read repair, anti-entropy), applied only where the acceptor rules allow it.
     * {@code hintFor} non-null means: you are not a replica, keep it as a hint for that node.
     */
    record WriteRequest(long requestId, String from, byte[] key, List<Versioned> versions, String hintFor,
            Ballot accepted) implements Message {
        public WriteRequest(long requestId, String from, byte[] key, List<Versioned> versions, String hintFor) {
            this(requestId, from, key, versions, hintFor, Ballot.ZERO);
        }
    }

    /** Proposer to acceptor, phase 1: promise to ignore ballots below {@code ballot}, and tell what you accepted. */
    record Prepare(long requestId, String from, byte[] key, Ballot ballot) implements Message {
    }

    /**
     * The acceptor's answer to a prepare: {@code ok} when it promised {@code ballot}; either way its
     * current promise and accepted state, so that a refused proposer knows what ballot to beat.
     */
    record Promise(long requestId, String from, Ballot ballot, boolean ok, Ballot promised, Ballot accepted,
            List<Versioned> versions) implements Message {
    }

    /**
     * Proposer to acceptor, phase 2: accept {@code versions} with {@code ballot}, and (the one round
     * trip optimisation) promise {@code next} to the same proposer at once; ZERO for no promise.
     */
    record Accept(long requestId, String from, byte[] key, Ballot ballot, List<Versioned> versions, Ballot next)
            implements Message {
    }

    /** The acceptor's answer to an accept: {@code ok} when it accepted; its promise either way. */
    record Accepted(long requestId, String from, Ballot ballot, boolean ok, Ballot promised) implements Message {
    }

    record WriteReply(long requestId, String from) implements Message {
    }

    /**
     * A node that is not the key's coordinator hands the client's request to one that is, with the
     * wall-clock time by which the coordinator must have answered. Absolute, not a budget: a request
     * that waited in a paused node's queues must not start afresh when the node resumes (that would
     * apply a write long after its client gave up and later writes landed); hosts' clocks are assumed
     * to agree within a small part of a request deadline (NTP).
     */
    record ForwardRequest(long requestId, String from, ClientRequest request, long deadlineAtMillis)
            implements Message {
    }

    record ForwardReply(long requestId, String from, ClientResponse response) implements Message {
    }

    /** Liveness probe of a suspected node. */
    record Ping(long requestId, String from) implements Message {
    }

    record Pong(long requestId, String from) implements Message {
    }

    /** Asks for up to {@code limit} stored entries with keys after {@code afterKey} (null: from the start). */
    record ScanRequest(long requestId, String from, byte[] afterKey, int limit) implements Message {
    }

    /** One page of a replica's entries in key order; {@code last} when nothing follows. */
    record ScanReply(long requestId, String from, List<StoredEntry> entries, boolean last) implements Message {
    }

    /**
     * Anti-entropy: asks for the Merkle tree of the sender's key range (rangeStart, rangeEnd] of ring
     * positions (wrapping when rangeStart >= rangeEnd), with 2^depth leaves.
     */
    record MerkleRequest(long requestId, String from, long rangeStart, long rangeEnd, int depth) implements Message {
    }

    /** The tree as a flat array of node hashes, level by level from the root. */
    record MerkleReply(long requestId, String from, List<Long> tree) implements Message {
    }

    /** Anti-entropy: asks for every stored entry of the given leaves of a range's Merkle tree. */
    record BucketRequest(long requestId, String from, long rangeStart, long rangeEnd, int depth, List<Integer> buckets)
            implements Message {
    }

    record BucketReply(long requestId, String from, List<StoredEntry> entries) implements Message {
    }

    /**
     * A membership change: asks for up to {@code limit} stored entries after {@code afterKey} (null:
     * from the start) whose ring positions fall in the ranges (start, end pairs, each an arc (start, end]).
     */
    record StreamRequest(long requestId, String from, List<Long> ranges, byte[] afterKey, int limit)
            implements Message {
    }

    /** One page of a stream; the next page asks after {@code resumeAfter}; {@code last} when nothing follows. */
    record StreamReply(long requestId, String from, List<StoredEntry> entries, byte[] resumeAfter, boolean last)
            implements Message {
    }

    /** A membership change's driver asks a node to do its part of the move at {@code epoch}. */
    record MoveStep(long requestId, String from, long epoch, Step step) implements Message {
        public enum Step {
            /** Pull the ranges this node gains from their current replicas. */
            STREAM,
            /** Drop the keys of the ranges this node no longer replicates. */
            CLEAN_UP
        }
    }

    /** A node's part of a move is done ({@code ok}) or cannot be done now ({@code detail} says why). */
    record MoveStepDone(long requestId, String from, long epoch, boolean ok, long keys, long bytes, String detail)
            implements Message {
    }

    /**
     * The envelope of every node-to-node message: the sender's ring epoch when it sent it. One field
     * here instead of one on every record; the epoch gate stamps and unwraps it, so operations and
     * replicas see the bare message.
     */
    record Stamped(long epoch, Message message) implements Message {
        public Stamped {
            java.util.Objects.requireNonNull(message, "message");
        }

        @Override
        public long requestId() {
            return message.requestId();
        }

        @Override
        public String from() {
            return message.from();
        }
    }

    /**
     * A replica's refusal of a request stamped {@code refusedEpoch} while it is at {@code epoch}:
     * newer means the sender's ring is stale (it must not complete on it); older means this replica
     * is behind and is fetching the newer ring.
     */
    record StaleEpoch(long requestId, String from, long refusedEpoch, long epoch) implements Message {
    }

    /** Asks for the sender's current ring config (sent on seeing a newer epoch). */
    record RingFetch(long requestId, String from) implements Message {
    }

    /** A ring config ({@code core.epoch.RingConfigCodec} bytes): a fetch's answer, or a chosen change pushed to every member. */
    record RingConfigReply(long requestId, String from, byte[] config) implements Message {
    }

    /** Ring register, phase 1 (every member of the current config is an acceptor). */
    record ConfigPrepare(long requestId, String from, Ballot ballot) implements Message {
    }

    /** The register acceptor's answer; {@code value} the accepted config's bytes, null when none. */
    record ConfigPromise(long requestId, String from, Ballot ballot, boolean ok, Ballot promised, Ballot accepted,
            byte[] value) implements Message {
    }

    /** Ring register, phase 2: accept this config (bytes) with {@code ballot}. */
    record ConfigAccept(long requestId, String from, Ballot ballot, byte[] value) implements Message {
    }

    record ConfigAccepted(long requestId, String from, Ballot ballot, boolean ok) implements Message {
    }
}
