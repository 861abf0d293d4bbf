package vn.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.Collection;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every Logback event of the JVM from {@link #start()} to {@link #close()}, to check what
 * was logged: above all, that no secret ever was.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private LogCapture() {
    }

    /** Starts capturing at once. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.appender.start();
        capture.root.addAppender(capture.appender);
        return capture;
    }

    /** Each event so far as text: its formatted message and the messages of its exception chain. */
    public List<String> lines() {
        return List.copyOf(appender.list).stream().map(event -> {
            StringBuilder text = new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            return text.toString();
        }).toList();
    }

    /** Asserts that something was captured and that no line contains any of {@code secrets}. */
    public void assertNoneContains(Collection<String> secrets) {
        List<String> lines = lines();
        assertThat(lines).as("captured log lines").isNotEmpty();
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line contains a secret").doesNotContain(secret);
            }
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
