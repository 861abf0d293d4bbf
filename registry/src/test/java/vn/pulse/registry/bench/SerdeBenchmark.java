package vn.pulse.registry.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.Doses;
import vn.pulse.registry.serde.KafkaAvroDeserializer;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.schemas.health.DoseAdministered;

/**
 * Our serdes (wire format, warm caches, in-memory registry) against plain Avro binary encoding of the same
 * DoseAdministered with reused writer, reader, encoder and decoder. Run with {@link #main} (see docs/registry.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SerdeBenchmark {

    private static final String TOPIC = "health.vaccination-doses.v1";

    private DoseAdministered dose;
    private byte[] framed;
    private byte[] plain;
    private KafkaAvroSerializer serializer;
    private KafkaAvroDeserializer deserializer;
    private SpecificDatumWriter<DoseAdministered> writer;
    private SpecificDatumReader<DoseAdministered> reader;
    private ByteArrayOutputStream out;
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    @Setup
    public void setUp() throws IOException {
        dose = Doses.dose(7);
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        serializer = new KafkaAvroSerializer(registry, Map.of(), false);
        deserializer = new KafkaAvroDeserializer(registry, Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        writer = new SpecificDatumWriter<>(DoseAdministered.class);
        reader = new SpecificDatumReader<>(DoseAdministered.class);
        out = new ByteArrayOutputStream(256);
        framed = serializer.serialize(TOPIC, dose);
        deserializer.deserialize(TOPIC, framed);
        plain = plainSerialize();
    }

    @Benchmark
    public Object serdeRoundTrip() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, dose));
    }

    @Benchmark
    public Object plainAvroRoundTrip() throws IOException {
        byte[] bytes = plainSerialize();
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        return reader.read(null, decoder);
    }

    @Benchmark
    public byte[] serdeSerialize() {
        return serializer.serialize(TOPIC, dose);
    }

    @Benchmark
    public byte[] plainAvroSerialize() throws IOException {
        return plainSerialize();
    }

    @Benchmark
    public Object serdeDeserialize() {
        return deserializer.deserialize(TOPIC, framed);
    }

    @Benchmark
    public Object plainAvroDeserialize() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(plain, decoder);
        return reader.read(null, decoder);
    }

    private byte[] plainSerialize() throws IOException {
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(dose, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Runs the benchmark; without arguments with {@code -f 1 -wi 3 -i 5}, else with JMH's own options. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args
                : new String[] {"-f", "1", "-wi", "3", "-i", "5", SerdeBenchmark.class.getName()});
    }
}
