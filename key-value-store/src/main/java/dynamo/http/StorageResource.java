package dynamo.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.core.Node;
import dynamo.core.operation.Deadlines;
import dynamo.core.operation.Scheduler;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.scan.GlobalScan;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.VersionCodec;
import dynamo.core.version.VersionResolver;
import dynamo.http.ResponseBodies.PutResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The client API. Gets and puts are asynchronous: the request thread hands the request to the
 * coordinator and returns; the answer is written when the state machine completes.
 */
@Path("/storage")
@Produces(MediaType.APPLICATION_JSON)
public class StorageResource {
    private final Supplier<Node> node;
    private final RequestReader reader;
    private final Supplier<StorageEngine> localStorage;
    private final Supplier<GlobalScan> globalScan;
    private final ObjectMapper json;
    private final Executor scanThreads;
    private final Scheduler scheduler;
    private final long answerWithinMillis;

    /**
     * {@code node} and {@code localStorage} give the node's parts, which exist once it has started
     * (before Jetty serves a request). {@code scanThreads} merge and write global scans; none of them
     * waits for a peer.
     * {@code scheduler} arms each request's last-resort 503 (the node's own timer wheel, not
     * Jersey's timeout executor, whose timed waits cost about 2 % of a loaded node's CPU).
     */
    public StorageResource(Supplier<Node> node, RequestReader reader, Supplier<StorageEngine> localStorage,
            Supplier<GlobalScan> globalScan, ObjectMapper json, Executor scanThreads, Scheduler scheduler,
            Deadlines deadlines) {
        this.node = node;
        this.reader = reader;
        this.localStorage = localStorage;
        this.globalScan = globalScan;
        this.json = json;
        this.scanThreads = scanThreads;
        this.scheduler = scheduler;
        this.answerWithinMillis = deadlines.httpAnswerMillis();
    }

    /** Every pair this node stores (its replicas), streamed from the local store (no peer involved). */
    @GET
    @Path("@")
    public Response local() {
        Stream<StoredEntry> entries = localStorage.get().scan();
        return Response.ok(new EntryStream(json, entries::iterator, entries::close)).build();
    }

    /** Every live pair of the whole store, each key once, streamed; 503 if some range has no replica that answers. */
    @GET
    @Path("*")
    public void global(@Suspended AsyncResponse response) {
        GlobalScanWriter.answer(response, globalScan.get(), json, scanThreads);
    }

    @GET
    @Path("{key}")
    public void get(@PathParam("key") String key, @QueryParam("minNumReads") String minNumReads,
            @Suspended AsyncResponse response) {
        ClientRequest request = reader.get(key, minNumReads);
        answer(response, request, r -> switch (r.status()) {
            case FOUND -> Response.ok(ResponseBodies.keyBody(request.key(), r.versions())).build();
            case NOT_FOUND -> Response.status(404).entity(ResponseBodies.keyBody(request.key(), r.versions())).build();
            default -> unavailable(r);
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public void put(PutBody body, @Suspended AsyncResponse response) {
        ClientRequest request = reader.put(body);
        answer(response, request, r -> switch (r.status()) {
            case WRITTEN -> Response.ok(new PutResult(true,
                    VersionCodec.encode(VersionResolver.summary(r.versions())))).build();
            case REJECTED -> Response.ok(new PutResult(false, null)).build();
            default -> unavailable(r);
        });
    }

    private void answer(AsyncResponse response, ClientRequest request,
            java.util.function.Function<ClientResponse, Response> render) {
        // The coordinator answers by its own deadline; this only covers an answer that got lost.
        Scheduler.Cancellable lastResort = scheduler.schedule(
                () -> response.resume(JsonErrorMappers.error(503, "no answer before the deadline")), answerWithinMillis);
        node.get().submit(request).whenComplete((result, error) -> {
            lastResort.cancel();
            response.resume(error != null ? JsonErrorMappers.error(500, "internal error") : render.apply(result));
        });
    }

    private static Response unavailable(ClientResponse r) {
        return JsonErrorMappers.error(503, r.message() == null ? "quorum not reached" : r.message());
    }
}
