package vn.pulse.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.ApiServer;
import vn.pulse.platform.LocalKafka;
import vn.pulse.producer.scenario.vaccination.LangSon2021;
import vn.pulse.schemas.health.DoseAdministered;

/**
 * Row 9, what a user might build instead of Pulse: a plain Kafka consumer loading the same dose
 * events (those of row 1) into PostgreSQL, batched inserts in one transaction per poll, duplicates
 * dropped by the event id's primary key ({@code ON CONFLICT DO NOTHING}), the consumer's offsets
 * committed after the rows; the province summary computed in SQL, the same figures as the API's
 * {@code /api/v1/vaccination/summary}.
 *
 * <p>The server is Debian's PostgreSQL, a private one: a fresh cluster ({@code initdb}) in a temporary
 * directory, on a free port on 127.0.0.1 with its socket in that directory, stopped and deleted
 * afterwards. Its settings are the package's defaults (fsync and synchronous commit on). Run as
 * root, the server runs as the {@code postgres} user ({@code runuser}), which PostgreSQL requires.
 */
final class PostgresRow {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRow.class);
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final String USER = "pulse";
    /** Set by .ci/run once it has installed PostgreSQL: the row must then run, not say it is skipped. */
    static final String REQUIRE_ENV = "PULSE_REQUIRE_POSTGRES";
    private static final int CLIENTS = 8;

    /**
     * The province summary in one statement: per age group its population (the reference data), its
     * first, second and booster doses, percentages truncated to 2 decimals as the API does; the
     * allocations' total on every line.
     */
    static final String SUMMARY_SQL = """
            WITH pop AS (SELECT age_group, sum(population) AS population FROM population GROUP BY age_group),
                 given AS (SELECT age_group,
                                  count(*) FILTER (WHERE dose_kind = 'FIRST') AS first_doses,
                                  count(*) FILTER (WHERE dose_kind = 'SECOND') AS second_doses,
                                  count(*) FILTER (WHERE dose_kind = 'BOOSTER') AS booster_doses,
                                  max(administered_at) AS as_of
                           FROM doses GROUP BY age_group),
                 allocated AS (SELECT coalesce(sum(doses_allocated), 0) AS doses_allocated FROM allocations)
            SELECT coalesce(pop.age_group, given.age_group) AS age_group,
                   coalesce(pop.population, 0) AS population,
                   coalesce(given.first_doses, 0) AS first_doses,
                   trunc(100.0 * coalesce(given.first_doses, 0) / nullif(pop.population, 0), 2) AS first_pct,
                   coalesce(given.second_doses, 0) AS second_doses,
                   trunc(100.0 * coalesce(given.second_doses, 0) / nullif(pop.population, 0), 2) AS second_pct,
                   coalesce(given.booster_doses, 0) AS booster_doses,
                   given.as_of,
                   allocated.doses_allocated
            FROM pop FULL JOIN given ON pop.age_group = given.age_group CROSS JOIN allocated
            ORDER BY 1""";

    /** What the summary gives, in the API's terms. */
    record Summary(long dosesAdministered, long boosterDoses, long dosesAllocated, Map<String, long[]> coverage) {

        /** Whether the API's summary JSON has the same figures (doses, boosters, allocated, per age group). */
        boolean matches(JsonNode api) {
            if (api.path("dosesAdministered").asLong() != dosesAdministered || api.path("boosterDoses").asLong() != boosterDoses
                    || api.path("dosesAllocated").asLong() != dosesAllocated) {
                return false;
            }
            for (Map.Entry<String, long[]> group : coverage.entrySet()) {
                JsonNode c = api.path("coverage").path(group.getKey());
                long[] f = group.getValue();
                if (c.path("population").asLong() != f[0] || c.path("atLeastOneDose").asLong() != f[1]
                        || c.path("twoDoses").asLong() != f[2] || c.path("boosters").asLong() != f[3]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            StringBuilder groups = new StringBuilder();
            coverage.forEach((group, f) -> groups.append(String.format(Locale.ROOT, " %s: population %d, first %d, second %d, boosters %d;",
                    group, f[0], f[1], f[2], f[3])));
            return "doses " + dosesAdministered + ", boosters " + boosterDoses + ", allocated " + dosesAllocated + ";" + groups;
        }
    }

    private final Bench.Env env;
    private final Path binaries;
    private final Path dir;
    private final boolean asPostgresUser;
    private int port;

    private PostgresRow(Bench.Env env, Path binaries, Path dir) {
        this.env = env;
        this.binaries = binaries;
        this.dir = dir;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Measures row 9 over the dose records of row 1 ({@code doseEnds}: the end offsets right after
     * row 1 wrote them), against {@code apiSummary} (the API's summary of the same doses, row 5) and
     * the API figures of row 5; prints "skipped" when PostgreSQL is not installed.
     */
    static void run(Bench.Env env, Map<TopicPartition, Long> doseEnds, JsonNode apiSummary) throws Exception {
        Optional<Path> binaries = findBinaries();
        if (binaries.isEmpty()) {
            if (Boolean.parseBoolean(System.getenv(REQUIRE_ENV))) {
                throw new IllegalStateException("PostgreSQL not found in " + DEBIAN_BINARIES + " although " + REQUIRE_ENV + " is set");
            }
            env.report().add(BenchRow.skipped("9", "plain consumer into PostgreSQL, summary in SQL",
                    "PostgreSQL not found in " + DEBIAN_BINARIES + " (apt-get install postgresql)"));
            return;
        }
        if (apiSummary == null) {
            throw new IllegalStateException("row 5 gave no API summary to compare the SQL summary with");
        }
        Path dir = Files.createTempDirectory("pulse-bench-pg-");
        PostgresRow row = new PostgresRow(env, binaries.get(), dir);
        try {
            row.start();
            row.measure(doseEnds, apiSummary);
        } finally {
            row.stop();
        }
    }

    /** The newest PostgreSQL under /usr/lib/postgresql (Debian keeps one directory per major version). */
    static Optional<Path> findBinaries() throws IOException {
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
        }
    }

    private static int versionOf(Path versionDir) {
        String name = versionDir.getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    // ---- the private server ----------------------------------------------------------------------

    private void start() throws Exception {
        env.say("Row 9: a private PostgreSQL (" + binaries.getParent().getFileName() + ") in " + dir + " ...");
        Files.createDirectories(dir.resolve("socket"));
        if (asPostgresUser) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            for (Path p : List.of(dir, dir.resolve("socket"))) {
                Files.setOwner(p, postgres);
            }
        }
        port = LocalKafka.freePorts(Bench.HOST, 1)[0];
        exec(Duration.ofMinutes(2), binaries.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        exec(Duration.ofMinutes(2), binaries.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir.resolve("socket") + " -c listen_addresses=" + Bench.HOST, "start");
    }

    private void stop() {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                exec(Duration.ofMinutes(1), binaries.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                        "stop");
            }
        } catch (Exception e) {
            LOG.warn("Stopping the bench's PostgreSQL failed (see {}): {}", dir.resolve("server.log"), e.toString());
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    /** Runs a PostgreSQL program (as the postgres user when we are root) and fails with its output if it fails. */
    private void exec(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("commands.log").toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", line) + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " exited with " + process.exitValue() + ": "
                    + Files.readString(dir.resolve("commands.log")).strip());
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + Bench.HOST + ":" + port + "/postgres?user=" + USER
                + "&reWriteBatchedInserts=true");
    }

    // ---- the measurement -------------------------------------------------------------------------

    private void measure(Map<TopicPartition, Long> doseEnds, JsonNode apiSummary) throws Exception {
        try (Connection db = connect(); Statement ddl = db.createStatement()) {
            ddl.execute("CREATE TABLE doses (event_id text PRIMARY KEY, administered_at timestamptz NOT NULL, district_code text NOT NULL,"
                    + " age_group text NOT NULL, dose_kind text NOT NULL, site_id text NOT NULL, vaccine_product text NOT NULL)");
            ddl.execute("CREATE TABLE population (district_code text, age_group text, population bigint NOT NULL,"
                    + " PRIMARY KEY (district_code, age_group))");
            ddl.execute("CREATE TABLE allocations (allocation_id text PRIMARY KEY, district_code text, doses_allocated bigint NOT NULL)");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO population VALUES (?, ?, ?)")) {
                for (LangSon2021.Cohort c : LangSon2021.cohorts()) {
                    insert.setString(1, c.districtCode());
                    insert.setString(2, c.ageGroup());
                    insert.setLong(3, c.population());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        long records = doseEnds.values().stream().mapToLong(Long::longValue).sum();
        env.say("Row 9: loading " + records + " doses into PostgreSQL ...");
        long start = System.nanoTime();
        long inserted = load(doseEnds);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        Summary summary;
        try (Connection db = connect()) {
            summary = summary(db);
        }
        double rightAfter = (System.nanoTime() - start) / 1e9;
        if (!summary.matches(apiSummary)) {
            throw new IllegalStateException("the SQL summary differs from the API's: SQL " + summary + " API " + apiSummary);
        }

        env.say("Row 9: summary query load ...");
        try (QueryClients clients = new QueryClients()) {
            HttpLoad.Result max = HttpLoad.run(clients::query, CLIENTS, env.size().load(), 0);
            HttpLoad.Result half = HttpLoad.run(clients::query, CLIENTS, env.size().load(), max.perSecond() / 2);
            if (max.failed() > 0 || half.failed() > 0) {
                throw new IllegalStateException((max.failed() + half.failed()) + " summary queries failed");
            }
            BenchReport report = env.report();
            double perSecond = records / loadSeconds;
            report.add(BenchRow.figure("9a", "plain consumer into PostgreSQL, batched inserts, ON CONFLICT DO NOTHING", "records/s",
                    perSecond, "rec/s").against("1b", report.value("1b")));
            report.add(BenchRow.figure("9b", "PostgreSQL: from the first record until the SQL summary is right", "seconds",
                    rightAfter, "s").against("3a", records / report.value("3a")));
            report.add(BenchRow.figure("9c", "PostgreSQL summary query, " + CLIENTS + " clients", "queries/s", max.perSecond(), "q/s")
                    .against("5b", report.value("5b")));
            report.add(BenchRow.figure("9c", "PostgreSQL summary query", "p99 at half its max rate", half.percentileMillis(99), "ms"));
            report.note(String.format(Locale.ROOT, "9: %,d records (%,d rows inserted) in %.1f s; the summary right %.1f s after the"
                            + " first record (9b's ratio: against (3a)'s time for the same doses); summary query: max %,.0f q/s (p50 %.2f ms,"
                            + " p99 %.2f ms); at %,.0f q/s p50 %.2f ms, p99 %.2f ms; SQL figures: %s",
                    records, inserted, loadSeconds, rightAfter, max.perSecond(), max.percentileMillis(50), max.percentileMillis(99),
                    half.perSecond(), half.percentileMillis(50), half.percentileMillis(99), summary));
        }
    }

    /** The consumer: reads the doses up to {@code ends}, a transaction of batched inserts per poll; returns rows inserted. */
    private long load(Map<TopicPartition, Long> ends) throws SQLException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "pulse-bench-postgres");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-bench-postgres");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        long inserted = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Deserializer<DoseAdministered> values = ApiServer.deserializer(env.registryUrl());
        try (KafkaConsumer<String, DoseAdministered> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
             Connection db = connect();
             PreparedStatement insert = db.prepareStatement("INSERT INTO doses (event_id, administered_at, district_code, age_group,"
                     + " dose_kind, site_id, vaccine_product) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            db.setAutoCommit(false);
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            List<TopicPartition> remaining = new ArrayList<>(ends.keySet());
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the PostgreSQL consumer did not reach the end of " + remaining + " within 10 min");
                }
                int batch = 0;
                for (ConsumerRecord<String, DoseAdministered> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    DoseAdministered dose = r.value();
                    insert.setString(1, dose.getEventId());
                    insert.setTimestamp(2, Timestamp.from(dose.getAdministeredAt()));
                    insert.setString(3, dose.getDistrictCode());
                    insert.setString(4, dose.getAgeGroup());
                    insert.setString(5, dose.getDoseKind().name());
                    insert.setString(6, dose.getSiteId());
                    insert.setString(7, dose.getVaccineProduct());
                    insert.addBatch();
                    batch++;
                }
                if (batch > 0) {
                    for (int count : insert.executeBatch()) {
                        // With reWriteBatchedInserts the driver reports SUCCESS_NO_INFO (-2) per row.
                        inserted += count == Statement.SUCCESS_NO_INFO ? 1 : count;
                    }
                    db.commit();
                    consumer.commitSync();
                }
                remaining.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        return inserted;
    }

    static Summary summary(Connection db) throws SQLException {
        Map<String, long[]> coverage = new LinkedHashMap<>();
        long doses = 0;
        long boosters = 0;
        long allocated = 0;
        try (Statement query = db.createStatement(); ResultSet rows = query.executeQuery(SUMMARY_SQL)) {
            while (rows.next()) {
                long[] f = {rows.getLong("population"), rows.getLong("first_doses"), rows.getLong("second_doses"), rows.getLong("booster_doses")};
                coverage.put(rows.getString("age_group"), f);
                doses += f[1] + f[2] + f[3];
                boosters += f[3];
                allocated = rows.getLong("doses_allocated");
            }
        }
        return new Summary(doses, boosters, allocated, coverage);
    }

    /** One connection per load worker, each running the summary query. */
    private final class QueryClients implements AutoCloseable {
        private final Connection[] connections = new Connection[CLIENTS];

        QueryClients() throws SQLException {
            for (int i = 0; i < CLIENTS; i++) {
                connections[i] = connect();
            }
        }

        boolean query(int worker) throws SQLException {
            return summary(connections[worker]).dosesAdministered() > 0;
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : connections) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
