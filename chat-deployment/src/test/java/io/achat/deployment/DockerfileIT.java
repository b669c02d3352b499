package io.achat.deployment;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.achat.deployment.Dockerfile.Instruction;
import io.achat.deployment.Dockerfile.Stage;
import io.achat.server.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfile, checked for what can rot without anyone noticing, since no engine builds it here. */
class DockerfileIT {

    private final Dockerfile dockerfile = Dockerfile.read(Repository.file("Dockerfile"));

    DockerfileIT() throws IOException {
    }

    @Test
    void buildsWithMavenOnAJdkAndRunsOnAJreOfJava21OrNewer() {
        Stage build = this.dockerfile.stage("build").orElseThrow();
        assertThat(build.from()).matches("maven:[0-9.]+-eclipse-temurin-\\d+");
        for (String target : new String[] { "server", "shell" }) {
            Matcher jre = Pattern.compile("eclipse-temurin:(\\d+)-jre.*").matcher(this.dockerfile.baseImage(target));
            assertThat(jre.matches()).as("%s runs on a JRE image: %s", target, this.dockerfile.baseImage(target)).isTrue();
            assertThat(Integer.parseInt(jre.group(1))).as("Java 21+ for virtual threads").isGreaterThanOrEqualTo(21);
        }
        assertThat(this.dockerfile.stages().get(this.dockerfile.stages().size() - 1).name())
            .as("a plain 'docker build .' builds the server").isEqualTo("server");
    }

    @ParameterizedTest
    @ValueSource(strings = { "server", "shell" })
    void runsAsANonRootUserWithTheJvmAsPid1StoppedBySigterm(String target) {
        String user = this.dockerfile.effective(target, "USER").map(Instruction::arguments).orElse("root");
        assertThat(user).isNotIn("root", "0", "0:0");
        assertThat(this.dockerfile.effective(target, "STOPSIGNAL").map(Instruction::arguments)).contains("SIGTERM");
        List<String> entrypoint = this.dockerfile.effective(target, "ENTRYPOINT")
            .flatMap(Instruction::execForm)
            .orElseThrow(() -> new AssertionError("exec-form ENTRYPOINT, so that the JVM is PID 1 and gets the signal"));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-jar");
    }

    @Test
    void copiesEveryModuleOfTheBuildAndNothingTheContextLeavesOut() throws IOException {
        List<String> copied = new ArrayList<>();
        for (Instruction copy : this.dockerfile.stage("build").orElseThrow().all("COPY")) {
            List<String> words = List.of(copy.arguments().split("\\s+"));
            copied.addAll(words.subList(0, words.size() - 1));
        }
        for (String module : modules()) {
            assertThat(copied).as("Maven in the build stage needs every module's pom").contains(module + "/pom.xml");
        }
        List<PathMatcher> ignored = Files.readAllLines(Repository.file(".dockerignore")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(line -> FileSystems.getDefault().getPathMatcher("glob:" + line.replaceAll("/$", "")))
            .toList();
        for (String source : copied) {
            assertThat(Repository.root().resolve(source)).as("COPY source").exists();
            assertThat(ignored).as("%s is not excluded by .dockerignore", source)
                .noneMatch(matcher -> matcher.matches(Path.of(source)));
        }
    }

    @Test
    void theLayerExtractionGivesEachTargetItsJarToRun(@TempDir Path root) throws Exception {
        ImageLayout layout = ImageLayout.extract(this.dockerfile, root);
        for (String target : new String[] { "server", "shell" }) {
            Path workdir = layout.assemble(target);
            List<String> entrypoint = this.dockerfile.effective(target, "ENTRYPOINT")
                .flatMap(Instruction::execForm)
                .orElseThrow();
            String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);
            assertThat(workdir.resolve(jar)).as("%s's entry point jar", target).isRegularFile();
            try (var libs = Files.list(workdir.resolve("lib"))) {
                assertThat(libs.count()).as("%s's dependency layer", target).isGreaterThan(10);
            }
        }
    }

    /**
     * The server image's entry point maps the AOT cache that its build trained: with
     * {@code -XX:AOTMode=on} the JVM refuses to start if the cache is missing or does not fit the
     * class path (a silent fall-back would only cost start-up time). And the context starts from the
     * code that Spring's AOT processing generated into the jar.
     */
    @Test
    void theServerStartsFromTheAotCacheItsImageTrainedAndSpringAotCode(@TempDir Path root) throws Exception {
        Path workdir = ImageLayout.extract(this.dockerfile, root).assemble("server");
        List<String> entrypoint = this.dockerfile.effective("server", "ENTRYPOINT").flatMap(Instruction::execForm)
            .orElseThrow();
        String cache = entrypoint.stream().filter(word -> word.startsWith("-XX:AOTCache=")).findFirst()
            .orElseThrow(() -> new AssertionError("the entry point uses an AOT cache: " + entrypoint));
        assertThat(workdir.resolve(cache.substring("-XX:AOTCache=".length()))).isRegularFile();
        List<String> command = new ArrayList<>(entrypoint);
        command.set(0, ServerProcess.newest().java().toString());
        command.addAll(1, List.of("-XX:AOTMode=on", "-Dspring.context.exit=onRefresh"));
        command.addAll(List.of("--chat.server.port=0", "--server.port=0"));
        Process process = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
        assertThat(entrypoint).contains("-Dspring.aot.enabled=true");
        assertThat(output).contains("Starting AOT-processed ChatServerApplication");
    }

    private static List<String> modules() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(Repository.file("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertThat(modules).isNotEmpty();
        return modules;
    }

}
