package dynamo.core.antientropy;

import dynamo.core.coordination.OperationContext;
import dynamo.core.coordination.RequestTable;
import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.ring.Ring;
import dynamo.core.storage.StorageEngine;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Anti-entropy between replicas with Merkle trees per key range (skeleton: being written). */
public final class AntiEntropy {
    public AntiEntropy(OperationContext ctx, Supplier<Ring> ring, StorageEngine storage, RequestTable requests,
            long periodMillis, long tombstoneGraceMillis) {
    }

    public void start() {
    }

    public void stop() {
    }

    /** One full pass now over every range this node replicates; completes with the number of repairs. */
    public CompletableFuture<Long> syncAll() {
        return CompletableFuture.completedFuture(0L);
    }

    public long repairs() {
        return 0;
    }

    public void onMerkleRequest(MerkleRequest request) {
    }

    public void onBucketRequest(BucketRequest request) {
    }
}
