package io.achat.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the files under test are: the repository root and the jars 'mvn package' built. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("chat.repository", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path file = root().resolve(relative);
        assertThat(file).as(relative).exists();
        return file;
    }

    /** The jar a module packages, by its file name ({@code chat-server.jar}): {@code <module>/target/<name>}. */
    static Path jar(String fileName) {
        String module = fileName.replaceFirst("\\.jar$", "");
        Path jar = root().resolve(module).resolve("target").resolve(fileName);
        assertThat(Files.isRegularFile(jar)).as("%s, built by 'mvn package'", jar).isTrue();
        return jar;
    }

}
