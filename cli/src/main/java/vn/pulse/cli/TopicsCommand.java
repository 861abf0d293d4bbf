package vn.pulse.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.Topics;

/** {@code pulse topics create}: the deployment's topic-init step, from the same declarations as the local run. */
@Command(name = "topics",
        mixinStandardHelpOptions = true,
        description = "Manages Pulse's topics on a Kafka cluster.",
        subcommands = {TopicsCommand.Create.class, CommandLine.HelpCommand.class})
final class TopicsCommand extends CommandGroup {

    @Command(name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Creates every topic Pulse declares (core's Topics) that does not exist yet, with its",
                "partitions and settings; existing topics are left as they are, so it can run at every start.",
                "Options default to the environment: PULSE_KAFKA_BOOTSTRAP_SERVERS, PULSE_TOPICS_REPLICATION_FACTOR."})
    static final class Create implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: 127.0.0.1:9092).")
        String bootstrapServers;

        @Option(names = "--replication-factor", description = "Replicas per partition (default: 1).")
        Integer replicationFactor;

        @Override
        public Integer call() {
            ToolsConfig config = ToolsConfig.load(System.getenv(), bootstrapServers, null, replicationFactor);
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(config.clients().kafkaConfig(config.bootstrapServers()))) {
                List<String> created = TopicProvisioner.ensure(admin, Topics.all(), config.replicationFactor());
                out.printf("%d topics declared, %d created%s%n", Topics.all().size(), created.size(),
                        created.isEmpty() ? " (all existed)" : ": " + String.join(", ", created));
            }
            out.flush();
            return 0;
        }
    }
}
