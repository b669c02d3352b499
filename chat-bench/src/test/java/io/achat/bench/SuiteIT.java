package io.achat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.achat.server.ServerProcess;
import io.achat.server.ServerProcess.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's smoke run: the fat jar's {@code suite} command, every preset at a tiny scale,
 * against the server's fat jar on Java 17 and on the newest JDK here, exactly as
 * docs/benchmarks.md runs it at full scale. It proves the benchmark still runs and checks, not
 * how fast anything is: the figures of a run this small mean nothing.
 */
class SuiteIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);

    private static final List<String> PRESETS = List.of("throughput", "fanout", "latency", "connections", "drain");

    @Test
    void everyPresetRunsAgainstFreshServersAndPasses(@TempDir Path directory) throws Exception {
        Path markdown = directory.resolve("results.md");
        Path output = directory.resolve("output.txt");
        Jvm java17 = Jvm.current();
        Jvm newest = ServerProcess.newest();
        // Under another name: the suite must not assume the jar is called chat-server.jar.
        Path serverJar = Files.copy(ServerProcess.jar(), directory.resolve("server-under-test.jar"));
        Process suite = new ProcessBuilder(java17.java().toString(), "-jar", System.getProperty("chat.bench.jar"),
                "suite", "--server-jar", serverJar.toString(), "--java", java17.java().toString(),
                "--java", newest.java().toString(), "--scale", "0.01", "--startup-runs", "1", "--json", "--markdown", markdown.toString(),
                "--logs", directory.resolve("logs").toString())
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(suite.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("done within %s", LIMIT).isTrue();
        String printed = Files.readString(output);
        assertThat(suite.exitValue()).as("exit status; output:%n%s", printed).isZero();

        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> results = printed.lines().filter(l -> l.startsWith("{")).map(json::readTree).toList();
        assertThat(results).extracting(r -> r.get("scenario").asString())
            .as("each preset on each Java").containsExactlyElementsOf(Stream.concat(PRESETS.stream(), PRESETS.stream()).toList());
        for (JsonNode result : results) {
            assertThat(result.get("lost").asLong() + result.get("duplicated").asLong() + result.get("reordered").asLong()
                    + result.get("unexpected").asLong()).as("%s", result).isZero();
            assertThat(result.get("startupSeconds").asDouble()).as("%s", result).isPositive();
            assertThat(result.get("serverRssMegabytes").asDouble()).as("%s", result).isPositive();
        }
        assertThat(results.stream().filter(r -> !r.get("scenario").asString().equals("drain")))
            .allSatisfy(r -> assertThat(r.get("deliveries").asLong()).as("%s", r).isPositive())
            .allSatisfy(r -> assertThat(r.get("p99").asDouble()).as("%s", r).isPositive());
        // At this scale only connections has clients enough for the default two event loops.
        assertThat(results.stream().filter(r -> r.get("scenario").asString().equals("connections")))
            .hasSize(2)
            .allSatisfy(r -> assertThat(r.get("generatorLoops").asInt()).as("%s", r).isEqualTo(EventLoops.DEFAULT));
        assertThat(results.stream().filter(r -> r.get("scenario").asString().equals("drain")))
            .hasSize(2)
            .allSatisfy(r -> assertThat(r.get("exitStatus").asInt()).as("%s", r).isZero())
            .allSatisfy(r -> assertThat(r.get("drainedMegabytes").asDouble()).as("%s", r).isPositive());
        List<String> rows = Files.readAllLines(markdown);
        assertThat(rows.subList(0, 2 + 2 * PRESETS.size())).allMatch(row -> row.startsWith("|"));
        assertThat(rows.get(2)).startsWith("| " + results.get(0).get("java").asString() + " | throughput |");
        List<String> startup = rows.subList(rows.indexOf("| Java | layout | start to chat port, median s | runs s |") + 2,
                rows.size());
        String first = "| " + results.get(0).get("java").asString() + " | ";
        String second = "| " + results.get(PRESETS.size()).get("java").asString() + " | ";
        assertThat(startup).as("start-up: the fat jar, and extracted with Spring AOT and the class archive, on each Java")
            .hasSize(4)
            .anyMatch(row -> row.startsWith(first + "fat jar |"))
            .anyMatch(row -> row.startsWith(first + "extracted + CDS archive + Spring AOT |"))
            .anyMatch(row -> row.startsWith(second + "fat jar |"))
            .anyMatch(row -> row.startsWith(second + "extracted + AOT cache + Spring AOT |"));
    }

}
