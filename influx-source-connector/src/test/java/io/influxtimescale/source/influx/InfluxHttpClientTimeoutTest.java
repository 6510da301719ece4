package io.influxtimescale.source.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against a real socket that accepts a query and then stays silent, before the answer or in the middle of
 * it: the read timeout ends the wait, and {@link InfluxHttpClient#close()} from another thread ends it at once.
 * Without those, each test would block forever: the class-wide timeout turns that into a failure.
 */
@Timeout(60)
class InfluxHttpClientTimeoutTest {
    /** A chunked msgpack answer's head, then nothing. */
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/x-msgpack\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch requestRead = new CountDownLatch(1);
    private volatile boolean sendHead;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptForever, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptForever() {
        try {
            while (true) {
                Socket s = server.accept();
                accepted.add(s);
                InputStream in = s.getInputStream();
                // read the request head and body (a small form), then answer nothing or only the head
                byte[] buf = new byte[8192];
                int n = in.read(buf);
                if (n > 0) {
                    if (sendHead) {
                        OutputStream out = s.getOutputStream();
                        out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    requestRead.countDown();
                }
            }
        } catch (IOException e) {
            // server closed
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private InfluxHttpClient client(Duration readTimeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getLocalPort());
        return new InfluxHttpClient(new InfluxConnectionSettings(url, null, null, null, null, null, null, false,
                Duration.ofSeconds(5), readTimeout, false));
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsUnavailable() {
        InfluxHttpClient client = client(Duration.ofMillis(500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.query("db", "SELECT * FROM m", 100))
                .isInstanceOf(InfluxException.Unavailable.class)
                .hasMessageContaining("did not begin to answer within 500 ms")
                .hasMessageContaining("influxdb.read.timeout.ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anAnswerThatStopsInTheMiddleTimesOutAsUnavailable() {
        sendHead = true;
        InfluxHttpClient client = client(Duration.ofMillis(500));
        long start = System.nanoTime();
        try (QueryResponseReader reader = client.query("db", "SELECT * FROM m", 100)) {
            assertThatThrownBy(reader::nextRow).isInstanceOf(InfluxException.Unavailable.class)
                    .hasMessageContaining("sent nothing for 500 ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void closeFromAnotherThreadEndsAQueryWaitingForItsAnswer() throws Exception {
        InfluxHttpClient client = client(Duration.ofMinutes(5));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (QueryResponseReader r = client.query("db", "SELECT * FROM m", 100)) {
                r.nextRow();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        assertThat(requestRead.await(30, TimeUnit.SECONDS)).as("the server got the query").isTrue();
        client.close();
        reader.join(5_000);
        assertThat(reader.isAlive()).as("the query still blocks after close()").isFalse();
        assertThat(failure.get()).isInstanceOf(InfluxException.Closed.class);
        assertThatThrownBy(() -> client.query("db", "SHOW DATABASES", 0)).isInstanceOf(InfluxException.Closed.class);
    }

    @Test
    void closeFromAnotherThreadEndsAReadBlockedInTheMiddleOfAnAnswer() throws Exception {
        sendHead = true;
        InfluxHttpClient client = client(Duration.ofMinutes(5));
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (QueryResponseReader r = client.query("db", "SELECT * FROM m", 100)) {
                answered.countDown();
                r.nextRow();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        assertThat(answered.await(30, TimeUnit.SECONDS)).as("the answer began").isTrue();
        // the reader is now (or is about to be) blocked waiting for the body's first bytes
        awaitBlocked(reader);
        client.close();
        reader.join(5_000);
        assertThat(reader.isAlive()).as("the read still blocks after close()").isFalse();
        assertThat(failure.get()).isInstanceOf(InfluxException.Closed.class);
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the reader blocks").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
