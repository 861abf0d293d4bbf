package vn.pulse.registry.serde;

import org.apache.avro.Schema;

/** {@code <topic>-<record full name>}: one schema history per record type and topic. */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + "-" + RecordNameStrategy.recordName(schema, isKey);
    }
}
