package dynamo.core;

import dynamo.core.antientropy.AntiEntropy;
import dynamo.core.epoch.RingService;
import dynamo.core.message.Message;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.message.Message.MoveStep;
import dynamo.core.message.Message.Ping;
import dynamo.core.message.Message.Pong;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.ScanRequest;
import dynamo.core.message.Message.StreamRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.move.MoveService;
import dynamo.core.move.StreamSource;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import dynamo.core.replica.ReplicaService;
import dynamo.core.routing.Coordinator;
import dynamo.core.transport.MessageHandler;

/**
 * Where every incoming message goes (once the epoch gate let it in): requests to the replica side or
 * the coordinator, the ring's messages to the ring service, replies to the operation waiting for
 * them. Every message is also a sign of life for the failure detector.
 */
public final class MessageDispatcher implements MessageHandler {
    private final OperationContext ctx;
    private final ReplicaService replica;
    private final Coordinator coordinator;
    private final RequestTable requests;
    private final AntiEntropy antiEntropy;

    private final RingService ringService;
    private final MoveService moves;
    private final StreamSource streams;

    public MessageDispatcher(OperationContext ctx, ReplicaService replica, Coordinator coordinator,
            RequestTable requests, AntiEntropy antiEntropy, RingService ringService, MoveService moves,
            StreamSource streams) {
        this.moves = moves;
        this.streams = streams;
        this.antiEntropy = antiEntropy;
        this.ringService = ringService;
        this.ctx = ctx;
        this.replica = replica;
        this.coordinator = coordinator;
        this.requests = requests;
    }

    @Override
    public void onMessage(Message message) {
        ctx.detector().heard(message.from());
        if (message instanceof Accept accept) {
            replica.onAccept(accept);
        } else if (message instanceof Prepare prepare) {
            replica.onPrepare(prepare);
        } else if (message instanceof ReadRequest read) {
            replica.onRead(read);
        } else if (message instanceof WriteRequest write) {
            replica.onWrite(write);
        } else if (message instanceof ScanRequest scan) {
            replica.onScan(scan);
        } else if (message instanceof ForwardRequest forward) {
            coordinator.onForward(forward);
        } else if (message instanceof MerkleRequest merkle) {
            antiEntropy.onMerkleRequest(merkle);
        } else if (message instanceof BucketRequest buckets) {
            antiEntropy.onBucketRequest(buckets);
        } else if (message instanceof StreamRequest stream) {
            streams.onStream(stream);
        } else if (message instanceof MoveStep step) {
            moves.onStep(step);
        } else if (message instanceof Ping ping) {
            ctx.send(ping.from(), new Pong(ping.requestId(), ctx.self()));
        } else if (!ringService.handle(message)) {
            requests.deliver(message);
        }
    }
}
