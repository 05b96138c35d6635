package io.insidersync.insider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A deadline for a whole request to Insider, its answer's last byte included ({@code insider.request-timeout-ms}).
 * The HTTP client's own time limits are per step (connecting, the wait between two packets): an answer that trickles in
 * a byte every few seconds never trips them and held a sender for minutes. When the deadline passes, the connection is
 * closed under the request, and the attempt fails as a timeout, to be retried like one.
 */
public final class RequestDeadline implements HttpClientConfigurer, ExecChainHandler {

    private final long millis;
    private final ScheduledExecutorService timer;

    /** @param timer where the deadlines are kept: one task per request, cancelled when its answer has been read */
    public RequestDeadline(long millis, ScheduledExecutorService timer) {
        this.millis = millis;
        this.timer = timer;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.addExecInterceptorFirst("insider-request-deadline", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain) throws IOException, HttpException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> abort = timer.schedule(() -> {
            expired.set(true);
            // Closes the connection: a read blocked on it fails at once. Harmless once the request is over and its
            // connection back in the pool: the request no longer holds it.
            scope.execRuntime.discardEndpoint();
        }, millis, TimeUnit.MILLISECONDS);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            abort.cancel(false);
            throw expired.get() ? exceeded(e) : e;
        } catch (HttpException | RuntimeException e) {
            abort.cancel(false);
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            abort.cancel(false);
            return response;
        }
        // The answer's body is read after this returns: the deadline covers it too, until its end or until it is closed.
        response.setEntity(new HttpEntityWrapper(entity) {
            @Override
            public InputStream getContent() throws IOException {
                return new FilterInputStream(super.getContent()) {
                    @Override
                    public int read() throws IOException {
                        try {
                            return ended(super.read());
                        } catch (IOException e) {
                            throw expired.get() ? exceeded(e) : e;
                        }
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        try {
                            return ended(super.read(buffer, offset, length));
                        } catch (IOException e) {
                            throw expired.get() ? exceeded(e) : e;
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        abort.cancel(false);
                        super.close();
                    }

                    private int ended(int read) {
                        if (read < 0) {
                            abort.cancel(false);
                        }
                        return read;
                    }
                };
            }
        });
        return response;
    }

    private SocketTimeoutException exceeded(IOException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException("no complete answer within " + millis + " ms (insider.request-timeout-ms)");
        timeout.initCause(cause);
        return timeout;
    }
}
