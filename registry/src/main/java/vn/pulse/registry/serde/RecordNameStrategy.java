package vn.pulse.registry.serde;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/** The record's full name: one schema history per record type, whatever the topic. */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return recordName(schema, isKey);
    }

    static String recordName(Schema schema, boolean isKey) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new SerializationException("In configuration " + (isKey ? AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY
                    : AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY) + " = " + schema.getType()
                    + " data: a record-name strategy needs an Avro record schema");
        }
        return schema.getFullName();
    }
}
