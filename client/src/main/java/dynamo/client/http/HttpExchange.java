package dynamo.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends {@link ApiRequest}s to nodes with Apache HttpClient 5. The synchronous path is the classic
 * client: a blocking call on the caller's thread over a pool of keep-alive connections, no thread
 * hand-off. The asynchronous path is HttpClient's async client (one I/O reactor thread), started on
 * first use. Neither retries anything by itself (HttpClient would replay a PUT, which is idempotent
 * in HTTP's terms but not a conditional put's outcome): failures surface as {@link SendFailure}.
 */
public final class HttpExchange implements AutoCloseable {
    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    private static final String AUTHORIZATION = "Authorization";
    private final HttpSettings settings;
    private final Tokens tokens;
    private final SSLContext tls;
    private final CloseableHttpClient classic;
    private CloseableHttpAsyncClient async;
    private boolean closed;

    public HttpExchange(HttpSettings settings) {
        this(settings, Tokens.NONE);
    }

    /** Presents {@code tokens}: the API token on requests to the client API, the admin token on {@link #fetch}. */
    public HttpExchange(HttpSettings settings, Tokens tokens) {
        this(settings, tokens, null);
    }

    /** As above; https:// nodes are trusted as {@code tls} says (null: the JVM's default trust store). */
    public HttpExchange(HttpSettings settings, Tokens tokens, SSLContext tls) {
        this.settings = settings;
        this.tokens = tokens;
        this.tls = tls;
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create();
        if (tls != null) {
            connections.setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildClassic());
        }
        this.classic = HttpClients.custom()
                .setConnectionManager(connections
                        .setMaxConnTotal(settings.maxConnections())
                        .setMaxConnPerRoute(settings.maxConnections())
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(connectionConfig())
                        .build())
                .setDefaultRequestConfig(requestConfig(settings.response()))
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    public HttpSettings settings() {
        return settings;
    }

    /** Sends {@code request} to the node at {@code base} and waits for its answer, on this thread. */
    public Reply send(URI base, ApiRequest request) throws SendFailure {
        BasicClassicHttpRequest http = new BasicClassicHttpRequest(request.write() ? "PUT" : "GET",
                host(base), prefix(base) + request.path());
        if (request.body() != null) {
            http.setEntity(new ByteArrayEntity(request.body(), JSON));
        }
        authorize(http, tokens.api());
        try {
            return classic.execute(host(base), http,
                    response -> new Reply(response.getCode(),
                            response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity()),
                            header(response, Reply.NODE_HEADER), header(response, Reply.RING_EPOCH_HEADER)));
        } catch (IOException | RuntimeException e) {
            throw SendFailure.of(base.toString(), e);
        }
    }

    /** The same, without blocking: the future completes on HttpClient's I/O thread. */
    public CompletableFuture<Reply> sendAsync(URI base, ApiRequest request) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        SimpleRequestBuilder builder = (request.write() ? SimpleRequestBuilder.put() : SimpleRequestBuilder.get())
                .setHttpHost(host(base))
                .setPath(prefix(base) + request.path());
        if (request.body() != null) {
            builder.setBody(request.body(), JSON);
        }
        SimpleHttpRequest http = builder.build();
        authorize(http, tokens.api());
        try {
            asyncClient().execute(SimpleRequestProducer.create(http), SimpleResponseConsumer.create(),
                    new FutureCallback<SimpleHttpResponse>() {
                        @Override
                        public void completed(SimpleHttpResponse response) {
                            byte[] body = response.getBodyBytes();
                            reply.complete(new Reply(response.getCode(), body == null ? new byte[0] : body,
                                    header(response, Reply.NODE_HEADER), header(response, Reply.RING_EPOCH_HEADER)));
                        }

                        @Override
                        public void failed(Exception e) {
                            reply.completeExceptionally(SendFailure.of(base.toString(), e));
                        }

                        @Override
                        public void cancelled() {
                            reply.completeExceptionally(new SendFailure(base.toString(),
                                    new IOException("request cancelled"), true));
                        }
                    });
        } catch (RuntimeException e) {
            reply.completeExceptionally(SendFailure.of(base.toString(), e));
        }
        return reply;
    }

    /**
     * A GET whose body the caller reads as a stream (a scan), with the scan timeout between reads.
     * The caller must close the response, which returns or closes its connection.
     */
    public ClassicHttpResponse open(URI base, String path) throws SendFailure {
        return open(base, path, settings.scan(), tokens.api());
    }

    private ClassicHttpResponse open(URI base, String path, Duration timeout, String token) throws SendFailure {
        BasicClassicHttpRequest http = new BasicClassicHttpRequest("GET", host(base), prefix(base) + path);
        authorize(http, token);
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(requestConfig(timeout));
        try {
            return classic.executeOpen(host(base), http, context);
        } catch (IOException | RuntimeException e) {
            throw SendFailure.of(base.toString(), e);
        }
    }

    /** A small GET of the admin port (the ring), with the response timeout: its status and body. */
    public Reply fetch(URI base, String path) throws SendFailure {
        try (ClassicHttpResponse response = open(base, path, settings.response(), tokens.admin())) {
            InputStream body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
            return new Reply(response.getCode(), body.readAllBytes(), header(response, Reply.NODE_HEADER),
                    header(response, Reply.RING_EPOCH_HEADER));
        } catch (IOException e) {
            throw SendFailure.of(base.toString(), e);
        }
    }

    private synchronized CloseableHttpAsyncClient asyncClient() {
        if (closed) {
            throw new IllegalStateException("client closed");
        }
        if (async == null) {
            PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create();
            if (tls != null) {
                connections.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildAsync());
            }
            async = HttpAsyncClients.custom()
                    .setConnectionManager(connections
                            .setMaxConnTotal(settings.maxConnections())
                            .setMaxConnPerRoute(settings.maxConnections())
                            .setDefaultConnectionConfig(connectionConfig())
                            .build())
                    .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true).build())
                    .setDefaultRequestConfig(requestConfig(settings.response()))
                    .disableAutomaticRetries()
                    .disableRedirectHandling()
                    .disableCookieManagement()
                    .disableAuthCaching()
                    .build();
            async.start();
        }
        return async;
    }

    private ConnectionConfig connectionConfig() {
        return ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connect()))
                .setSocketTimeout(Timeout.of(settings.response()))
                // A pooled connection idle this long is checked before reuse (a 1 ms read): a node
                // that crashed or restarted since has closed it, and a write sent into a dead
                // connection would have an unknown outcome. Under load connections are reused
                // sooner than this and pay nothing.
                .setValidateAfterInactivity(TimeValue.ofMilliseconds(100))
                .build();
    }

    private RequestConfig requestConfig(Duration response) {
        return RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.connect()))
                .setResponseTimeout(Timeout.of(response))
                .build();
    }

    private static void authorize(HttpMessage request, String token) {
        if (token != null) {
            request.setHeader(AUTHORIZATION, Tokens.header(token));
        }
    }

    private static HttpHost host(URI base) {
        return new HttpHost(base.getScheme(), base.getHost(), base.getPort());
    }

    /** A base URL may carry a path (behind a proxy): requests go below it. */
    private static String prefix(URI base) {
        String path = base.getRawPath();
        return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
    }

    private static String header(HttpMessage message, String name) {
        Header header = message.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    @Override
    public void close() {
        CloseableHttpAsyncClient started;
        synchronized (this) {
            closed = true;
            started = async;
        }
        classic.close(CloseMode.GRACEFUL);
        if (started != null) {
            started.close(CloseMode.GRACEFUL);
        }
    }
}
