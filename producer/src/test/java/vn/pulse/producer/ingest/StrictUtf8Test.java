package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    private static byte[] with(byte... bad) {
        byte[] prefix = "{\"siteId\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + 2];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    @Test
    void wellFormedTextIncludingVietnameseAndFourByteCharactersPasses() {
        assertThat(IngestServer.firstMalformedUtf8("{\"name\":\"Cửa khẩu Hữu Nghị 🚚\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(IngestServer.firstMalformedUtf8(new byte[0])).isEqualTo(-1);
    }

    @Test
    void everyIllFormedSequenceIsFoundAtItsOffset() {
        int at = "{\"siteId\":\"".length();
        assertThat(IngestServer.firstMalformedUtf8(with((byte) 0xC0, (byte) 0xAF))).as("overlong '/'").isEqualTo(at);
        assertThat(IngestServer.firstMalformedUtf8(with((byte) 0xE0, (byte) 0x80, (byte) 0xAF))).as("3-byte overlong").isEqualTo(at);
        assertThat(IngestServer.firstMalformedUtf8(with((byte) 0xED, (byte) 0xA0, (byte) 0x80))).as("surrogate").isEqualTo(at);
        assertThat(IngestServer.firstMalformedUtf8(with((byte) 0xFF))).as("0xFF").isEqualTo(at);
        assertThat(IngestServer.firstMalformedUtf8(with((byte) 0xC3, (byte) 0x28))).as("bad continuation").isEqualTo(at);
        assertThat(IngestServer.firstMalformedUtf8(new byte[] {'{', (byte) 0xE2, (byte) 0x82})).as("truncated at the end").isEqualTo(1);
        assertThat(IngestServer.firstMalformedUtf8(with((byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80))).as("above U+10FFFF")
                .isEqualTo(at);
    }

    @Test
    void aLongBodyIsCheckedToItsEnd() {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'a');
        body[99_998] = (byte) 0xC0;
        body[99_999] = (byte) 0xAF;
        assertThat(IngestServer.firstMalformedUtf8(body)).isEqualTo(99_998);
    }
}
