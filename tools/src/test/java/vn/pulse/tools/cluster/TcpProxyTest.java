package vn.pulse.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.tools.cluster.TcpProxy.Direction;

/** The harness's TCP proxy, between a client and an echo server on the loopback interface. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread each = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the test closed it
                        }
                    });
                    each.setDaemon(true);
                    each.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = TcpProxy.start("test", "127.0.0.1", 0, "127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWaysUnchanged() throws IOException {
        try (Socket s = connect()) {
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(big);
                } catch (IOException ignored) {
                    // the assertion below fails then
                }
            });
            writer.start();
            assertThat(s.getInputStream().readNBytes(big.length)).isEqualTo(big);
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void delaysEachDirectionByWhatItIsTold() throws IOException {
        try (Socket s = connect()) {
            long direct = roundTripMillis(s);
            proxy.delay(Direction.UPSTREAM, Duration.ofMillis(300));
            long up = roundTripMillis(s);
            proxy.delay(Direction.DOWNSTREAM, Duration.ofMillis(200));
            long both = roundTripMillis(s);
            proxy.heal();
            long healed = roundTripMillis(s);
            System.out.printf("TcpProxyTest: round trip %d ms direct, %d ms with 300 ms upstream, %d ms with 300 + 200 ms, %d ms healed%n",
                    direct, up, both, healed);
            assertThat(up).isBetween(300L, 300L + 1_000);
            assertThat(both).isBetween(500L, 500L + 1_000);
            assertThat(healed).isLessThan(300L);
        }
    }

    @Test
    void aCutHoldsTheBytesOfItsDirectionUntilItHeals() throws IOException {
        for (Direction direction : Direction.values()) {
            try (Socket s = connect()) {
                s.setSoTimeout(700);
                proxy.cut(direction, true);
                s.getOutputStream().write(7);
                assertThatThrownBy(() -> s.getInputStream().read()).as(direction + " cut").isInstanceOf(SocketTimeoutException.class);
                proxy.cut(direction, false);
                s.setSoTimeout(5_000);
                assertThat(s.getInputStream().read()).as(direction + " healed").isEqualTo(7);
            }
        }
    }

    @Test
    void aCutOfBothWaysAlsoHoldsNewConnections() throws IOException {
        proxy.cut(Direction.UPSTREAM, true);
        proxy.cut(Direction.DOWNSTREAM, true);
        try (Socket s = connect()) {
            s.setSoTimeout(500);
            s.getOutputStream().write(1);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).isEqualTo(1);
        }
    }

    @Test
    void aResetDropsEveryOpenConnectionAndLetsNewOnesThrough() throws IOException {
        try (Socket s = connect()) {
            roundTripMillis(s);
            assertThat(proxy.resetConnections()).isEqualTo(1);
            s.setSoTimeout(5_000);
            int read;
            try {
                read = s.getInputStream().read();
            } catch (IOException e) {
                read = -1; // a reset reads as an exception on some platforms
            }
            assertThat(read).as("the client sees its connection end").isEqualTo(-1);
        }
        try (Socket again = connect()) {
            roundTripMillis(again);
        }
        assertThat(proxy.openConnections()).isLessThanOrEqualTo(1);
    }

    @Test
    void onlyOnTheLoopbackInterface() {
        assertThatThrownBy(() -> TcpProxy.start("outward", "127.0.0.1", 0, "192.0.2.1", 9092))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback address");
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setTcpNoDelay(true);
        return s;
    }

    /** Sends one byte and waits for its echo. */
    private static long roundTripMillis(Socket s) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(42);
        s.getOutputStream().flush();
        assertThat(s.getInputStream().read()).isEqualTo(42);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
