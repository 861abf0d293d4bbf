package vn.pulse.registry.serde;

import org.apache.avro.Schema;

/**
 * Chooses the subject a record's schema is registered under. Implementations need a public no-arg
 * constructor to be named in {@link AvroSerdeConfig#KEY_SUBJECT_NAME_STRATEGY} or
 * {@link AvroSerdeConfig#VALUE_SUBJECT_NAME_STRATEGY}.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic  the topic the record goes to
     * @param isKey  whether it is the record's key
     * @param schema the record's schema
     */
    String subjectName(String topic, boolean isKey, Schema schema);
}
