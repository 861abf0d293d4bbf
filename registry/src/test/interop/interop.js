'use strict';
// Drives Confluent's official JavaScript schema-registry client and Avro serdes against a Pulse registry.
// Usage: node interop.js <registry-url> <work-dir> [<user:password>]   (basic auth when given)
// Reads  <work-dir>/dose-schema.json (the DoseAdministered schema) and <work-dir>/java-dose.bin (a record
// serialized by Pulse's Java serializer); writes <work-dir>/js-dose.bin (a record serialized by Confluent's
// serializer) and prints one JSON line with every check's outcome for the Java test to assert.
const fs = require('fs');
const path = require('path');
const {
  SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType, Compatibility,
} = require('@confluentinc/schemaregistry');

const [url, workDir, userInfo] = process.argv.slice(2);
const auth = userInfo ? { basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo } } : {};
const TOPIC = 'interop-doses';
const SUBJECT = `${TOPIC}-value`;

async function expectError(promise, errorCode) {
  try {
    await promise;
    return `no error (expected ${errorCode})`;
  } catch (e) {
    const code = e.errorCode ?? e.response?.data?.error_code;
    return code === errorCode ? 'ok' : `error ${code}: ${e.message}`;
  }
}

async function main() {
  const doseSchema = fs.readFileSync(path.join(workDir, 'dose-schema.json'), 'utf8');
  const client = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 1, ...auth });
  const checks = {};
  const info = { schemaType: 'AVRO', schema: doseSchema };

  // Protocol: registration, lookup, metadata, compatibility, config, deletes.
  const id = await client.register(SUBJECT, info, false);
  checks.reRegisterSameId = (await new SchemaRegistryClient({ baseURLs: [url], ...auth }).register(SUBJECT, info, true)) === id;
  const latest = await client.getLatestSchemaMetadata(SUBJECT);
  checks.latestHasId = latest.id === id && latest.subject === SUBJECT && latest.version >= 1;
  checks.latestSchemaParses = JSON.parse(latest.schema).name === 'DoseAdministered';
  checks.versionMetadata = (await client.getSchemaMetadata(SUBJECT, latest.version, false)).id === id;
  checks.lookupId = (await client.getId(SUBJECT, info, false)) === id;
  checks.lookupVersion = (await client.getVersion(SUBJECT, info, false, false)) === latest.version;
  checks.bySubjectAndId = JSON.parse((await client.getBySubjectAndId(SUBJECT, id)).schema).name === 'DoseAdministered';
  checks.subjects = (await client.getAllSubjects()).includes(SUBJECT);
  checks.versions = (await client.getAllVersions(SUBJECT)).includes(latest.version);

  const withDefault = JSON.parse(doseSchema);
  withDefault.fields.push({ name: 'batch', type: 'string', default: '' });
  const withoutDefault = JSON.parse(doseSchema);
  withoutDefault.fields.push({ name: 'batch', type: 'string' });
  const compatibleInfo = { schemaType: 'AVRO', schema: JSON.stringify(withDefault) };
  const incompatibleInfo = { schemaType: 'AVRO', schema: JSON.stringify(withoutDefault) };
  checks.compatibleWithLatest = (await client.testSubjectCompatibility(SUBJECT, compatibleInfo)) === true;
  checks.incompatibleWithLatest = (await client.testSubjectCompatibility(SUBJECT, incompatibleInfo)) === false;
  checks.compatibleWithVersion = (await client.testCompatibility(SUBJECT, latest.version, compatibleInfo)) === true;
  checks.registerIncompatibleIs409 = await expectError(client.register(SUBJECT, incompatibleInfo, false), 409);
  checks.unknownSubjectIs40401 = await expectError(client.getLatestSchemaMetadata('interop-nobody'), 40401);
  if (userInfo) {
    const anonymous = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 1 });
    checks.anonymousIs40101 = await expectError(anonymous.getAllSubjects(), 40101);
    const wrong = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 1,
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${userInfo.split(':')[0]}:wrong` } });
    checks.wrongPasswordIs40101 = await expectError(wrong.getAllSubjects(), 40101);
  }

  checks.defaultCompatibility = (await client.getDefaultCompatibility()) === Compatibility.BACKWARD;
  checks.updateCompatibility = (await client.updateCompatibility('interop-scratch', Compatibility.FULL)) === Compatibility.FULL;
  checks.getCompatibility = (await client.getCompatibility('interop-scratch')) === Compatibility.FULL;
  const scratchId = await client.register('interop-scratch', { schemaType: 'AVRO', schema: '"string"' }, false);
  checks.deleteVersion = (await client.deleteSubjectVersion('interop-scratch', 1, false)) === 1;
  checks.deleteSubjectPermanently = JSON.stringify(await client.deleteSubject('interop-scratch', true)) === '[1]';

  // Data: read what Pulse's Java serializer wrote; write a record for Pulse's Java deserializer.
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const fromJava = await deserializer.deserialize(TOPIC, fs.readFileSync(path.join(workDir, 'java-dose.bin')));
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
  const fromJs = {
    eventId: 'js-1', administeredAt: 1630483200000, reportedAt: 1630483290000, siteId: 'site-js',
    districtCode: 'LS-07', ageGroup: '12-17', doseKind: 'SECOND', vaccineProduct: 'Pfizer', personRef: 'p-js',
  };
  const bytes = await serializer.serialize(TOPIC, fromJs);
  fs.writeFileSync(path.join(workDir, 'js-dose.bin'), bytes);
  const roundTrip = await deserializer.deserialize(TOPIC, bytes);
  checks.jsRoundTrip = roundTrip.eventId === 'js-1' && roundTrip.doseKind === 'SECOND';

  const normalised = {};
  for (const [key, value] of Object.entries(fromJava)) {
    normalised[key] = value instanceof Date ? value.getTime() : value;
  }
  process.stdout.write(JSON.stringify({ id, scratchId, checks, fromJava: normalised, jsBytes: bytes.length }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`interop failed: ${e.stack || e}\n`);
  process.exit(1);
});
