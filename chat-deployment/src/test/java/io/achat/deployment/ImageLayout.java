package io.achat.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.achat.deployment.Dockerfile.Instruction;
import io.achat.server.ServerProcess;
import io.achat.server.ServerProcess.Jvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a target of the Dockerfile puts in its working directory, rebuilt on this machine: the
 * build stage's layer extraction is run on the jars 'mvn package' made, and the target's {@code
 * COPY --from=build} lines are replayed into a temporary directory. The entry point then runs
 * there as it would in the container.
 */
final class ImageLayout {

    private static final Pattern EXTRACT = Pattern
        .compile("java -Djarmode=tools -jar (\\S+) extract --layers --destination (\\S+)");

    private final Dockerfile dockerfile;

    private final Path root;

    private ImageLayout(Dockerfile dockerfile, Path root) {
        this.dockerfile = dockerfile;
        this.root = root;
    }

    /** Runs the build stage's extraction commands, with the build's paths under {@code root}. */
    static ImageLayout extract(Dockerfile dockerfile, Path root) throws IOException, InterruptedException {
        String workdir = dockerfile.effective("build", "WORKDIR").map(Instruction::arguments).orElse("/");
        int extractions = 0;
        for (Instruction run : dockerfile.stage("build").orElseThrow().all("RUN")) {
            Matcher extract = EXTRACT.matcher(run.arguments());
            while (extract.find()) {
                Path jar = Repository.root().resolve(Path.of(workdir).relativize(Path.of(workdir).resolve(extract.group(1))));
                Path destination = inside(root, extract.group(2));
                Process process = new ProcessBuilder(Jvm.current().java().toString(), "-Djarmode=tools", "-jar",
                        jar.toString(), "extract", "--layers", "--destination", destination.toString())
                    .redirectErrorStream(true)
                    .start();
                String output = new String(process.getInputStream().readAllBytes());
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as("extraction of %s: %s", jar, output).isZero();
                extractions++;
            }
        }
        assertThat(extractions).as("layer extractions in the build stage").isPositive();
        return new ImageLayout(dockerfile, root);
    }

    /**
     * Replays the target's {@code COPY --from=build} lines into {@code <root>/image-<target>}, then its
     * {@code RUN java …} lines there (the AOT cache's training run), with the newest JDK here in place
     * of the image's Java 21+; returns that directory.
     */
    Path assemble(String target) throws IOException, InterruptedException {
        Path workdir = this.root.resolve("image-" + target);
        Files.createDirectories(workdir);
        for (Instruction copy : this.dockerfile.stage(target).orElseThrow().all("COPY")) {
            List<String> words = List.of(copy.arguments().split("\\s+"));
            assertThat(words.get(0)).as("run stages copy only from the build stage: %s", copy).isEqualTo("--from=build");
            Path source = inside(this.root, words.get(1));
            assertThat(source).as("%s: the build stage made it", copy).isDirectory();
            copyTree(source, workdir.resolve(words.get(2)).normalize());
        }
        for (Instruction run : this.dockerfile.stage(target).orElseThrow().all("RUN")) {
            List<String> command = new ArrayList<>(List.of(run.arguments().strip().split("\\s+")));
            assertThat(command.get(0)).as("a run stage's RUN starts java: %s", run).isEqualTo("java");
            command.set(0, ServerProcess.newest().java().toString());
            Process process = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", run).isTrue();
            assertThat(process.exitValue()).as("%s: %s", run, output).isZero();
        }
        return workdir;
    }

    private static Path inside(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/", ""));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    }
                    else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

}
