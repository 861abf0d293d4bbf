package vn.pulse.registry.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * A per-thread buffer and encoder that serializes one record at a time into the wire format, so the only
 * allocation per record is the result array.
 */
final class FramedOutput extends OutputStream {

    private static final ThreadLocal<FramedOutput> CURRENT = ThreadLocal.withInitial(FramedOutput::new);
    private static final int MAX_RETAINED = 1 << 20;

    private byte[] buffer = new byte[512];
    private int size;
    private BinaryEncoder encoder;

    static FramedOutput current() {
        return CURRENT.get();
    }

    /** Frames {@code datum} written by {@code writer} behind the header for {@code schemaId}. */
    <T> byte[] frame(int schemaId, DatumWriter<T> writer, T datum) throws IOException {
        size = WireFormat.HEADER_SIZE;
        encoder = EncoderFactory.get().binaryEncoder(this, encoder);
        writer.write(datum, encoder);
        encoder.flush();
        return result(schemaId);
    }

    /** Frames raw bytes (the body of a {@code bytes} schema, which Confluent writes without a length). */
    byte[] frameRaw(int schemaId, byte[] body) {
        size = WireFormat.HEADER_SIZE;
        write(body, 0, body.length);
        return result(schemaId);
    }

    private byte[] result(int schemaId) {
        WireFormat.writeHeader(buffer, schemaId);
        byte[] framed = Arrays.copyOf(buffer, size);
        if (buffer.length > MAX_RETAINED) {
            buffer = new byte[512];
        }
        return framed;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
