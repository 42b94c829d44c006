package dev.leptoid.lambda;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * An {@link HttpClient} that adds an {@code Authorization} header to requests for one origin
 * (scheme, host and port of the Graphite URL) and to no other. The header comes from a supplier
 * so the credentials can be dropped before a SnapStart snapshot and read again after restore.
 * Requests carrying their own Authorization header are left alone.
 */
final class AuthenticatingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final URI origin;
    private final Supplier<GraphiteCredentials> credentials;

    AuthenticatingHttpClient(HttpClient delegate, URI origin, Supplier<GraphiteCredentials> credentials) {
        this.delegate = delegate;
        this.origin = origin;
        this.credentials = credentials;
    }

    /** @throws IOException when the credentials cannot be read (the caller reports it like an unreachable Graphite) */
    HttpRequest authorize(HttpRequest request) throws IOException {
        if (request.headers().firstValue("Authorization").isPresent() || !sameOrigin(request.uri())) return request;
        GraphiteCredentials c;
        try {
            c = credentials.get();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage());
        }
        if (c == null) return request;
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", c.authorization()).build();
    }

    private boolean sameOrigin(URI u) {
        return Objects.equals(u.getScheme(), origin.getScheme()) && u.getHost() != null
                && u.getHost().equalsIgnoreCase(origin.getHost()) && port(u) == port(origin);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(authorize(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return delegate.sendAsync(authorize(request), handler);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        try {
            return delegate.sendAsync(authorize(request), handler, push);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }
}
