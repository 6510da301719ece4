package io.influxtimescale.source.influx;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A response body read as an {@link InputStream}, with what the JDK's {@code BodySubscribers.ofInputStream()} lacks:
 * a read that waits longer than the read timeout for the next bytes fails with a {@link SocketTimeoutException}, and
 * {@link #close()} may be called from any thread and wakes a read blocked in another one (which then fails with
 * "closed"). At most one list of buffers is requested ahead of the reader, so memory stays bounded.
 */
final class StreamingBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    /** Marks the end of the body in the queue. */
    private static final Object END = new Object();
    /** Put into the queue by {@link #close()} to wake a blocked reader. */
    private static final Object CLOSED = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long readTimeoutNanos;
    private final Consumer<StreamingBody> onClose;
    /** Guards subscription calls: request and cancel must not run at once (Flow's rule 2.7). */
    private final Object lock = new Object();
    private Flow.Subscription subscription;
    private volatile boolean closed;

    // reader thread only
    private Iterator<ByteBuffer> buffers = java.util.Collections.emptyIterator();
    private ByteBuffer current;
    private boolean ended;

    StreamingBody(Duration readTimeout, Consumer<StreamingBody> onClose) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.onClose = onClose;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        synchronized (lock) {
            if (closed) {
                s.cancel();
                return;
            }
            subscription = s;
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = nextBuffer();
        if (buffer == null) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** The buffer to read from next, waiting for one; null at the end of the body. */
    private ByteBuffer nextBuffer() throws IOException {
        if (closed) {
            throw new ClosedException();
        }
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new ClosedException();
            }
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return null;
            }
            Object next;
            try {
                next = queue.poll(readTimeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for InfluxDB's answer");
            }
            if (next == null) {
                throw new SocketTimeoutException("InfluxDB sent nothing for "
                        + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms in the middle of an answer "
                        + "(influxdb.read.timeout.ms)");
            }
            if (next == CLOSED) {
                throw new ClosedException();
            }
            if (next == END) {
                ended = true;
                continue;
            }
            if (next instanceof Throwable) {
                throw new IOException("the answer was cut short: " + next, (Throwable) next);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            buffers = list.iterator();
            synchronized (lock) {
                if (subscription != null && !closed) {
                    subscription.request(1);
                }
            }
        }
        return current;
    }

    /** A read on a body that {@link #close()} stopped. */
    static final class ClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("closed");
        }
    }

    /** Stops the body: safe from any thread, any number of times; a read blocked in another thread fails. */
    @Override
    public void close() {
        Flow.Subscription s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
            subscription = null;
            if (s != null) {
                s.cancel();
            }
        }
        queue.add(CLOSED);
        onClose.accept(this);
    }
}
