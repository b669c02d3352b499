package io.achat.deployment;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.achat.deployment.ComposeFile.Service;
import io.achat.server.ChatClient;
import io.achat.server.ServerProcess;
import io.achat.server.ServerProcess.Jvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 'docker compose up' without Docker: each service's entry point and command, with its environment,
 * run as a local process in a directory laid out as its image's. What has to differ, and only that:
 * <ul>
 * <li>service names resolve through Compose's DNS, so a variable naming a service is set to 127.0.0.1;</li>
 * <li>ports are random (the tests run beside other servers), so the server gets {@code --chat.server.port=0
 * --server.port=0} and the clients {@code CHAT_SHELL_PORT} of the port it took;</li>
 * <li>{@code java} is the newest JDK installed here, as the image's is Java 21+.</li>
 * </ul>
 */
class ComposeDemoIT {

    private final Services services = new Services();

    private final List<Process> clients = new ArrayList<>();

    ComposeDemoIT() throws IOException {
    }

    @AfterEach
    void stopClients() {
        this.clients.forEach(Process::destroyForcibly);
    }

    @Test
    void aPersonChatsWithTheBotsThenSigtermDrainsAndExitsZero(@TempDir Path root) throws Exception {
        ImageLayout layout = ImageLayout.extract(this.services.dockerfile, root);
        Service serverService = this.services.server();
        try (ServerProcess server = ServerProcess.start(launch(serverService), layout.assemble("server"),
                serverService.environment())) {
            assertThat(healthcheck(serverService, server.httpPort())).as("healthcheck on the running server").isZero();
            assertThat(healthcheck(serverService, unusedPort())).as("the healthcheck can fail").isNotZero();

            Path shellImage = layout.assemble("shell");
            List<Service> bots = this.services.builtFrom("shell").stream().filter(s -> s.profiles().isEmpty()).toList();
            assertThat(bots).extracting(Service::name).containsExactlyInAnyOrder("echo", "greeter");
            for (Service bot : bots) {
                this.clients.add(startClient(bot, shellImage, server.port(), root.resolve(bot.name() + ".log")));
            }

            try (ChatClient alice = ChatClient.login(server.port(), "alice")) {
                // As a person would: wait for the welcome, ask who is there, then talk to the echo bot.
                assertThat(readUntil(alice, "from greeter: ")).contains("welcome, alice!");
                await().atMost(ChatClient.TIMEOUT).until(() -> online(alice).contains("echo"));
                alice.send("echo: hello from the compose demo");
                assertThat(readUntil(alice, "from echo: ")).isEqualTo("from echo: hello from the compose demo");
            }

            server.terminate();
            Duration grace = serverService.stopGracePeriod().orElseThrow();
            assertThat(server.awaitExit(grace)).as("exit status within stop_grace_period; log:%n%s", server.log()).isZero();
            String log = server.log();
            assertThat(log.indexOf("Readiness: REFUSING_TRAFFIC")).as("readiness went down first").isPositive()
                .isLessThan(log.indexOf("Graceful shutdown of"));
            assertThat(log).contains("Shutdown complete in", "exit status 0");
            for (Process bot : this.clients) {
                assertThat(bot.waitFor(30, TimeUnit.SECONDS)).as("a bot ends with its server").isTrue();
            }
        }
    }

    /** The target's entry point, with the JDK of this machine in place of the image's {@code java}. */
    private List<String> launch(Service service) {
        List<String> command = new ArrayList<>(this.services.entrypoint(service));
        assertThat(command.get(0)).isEqualTo("java");
        command.set(0, ServerProcess.newest().java().toString());
        command.addAll(service.command());
        return command;
    }

    private Process startClient(Service client, Path directory, int serverPort, Path log) throws IOException {
        Map<String, String> environment = new HashMap<>(client.environment());
        String serverName = this.services.server().name();
        environment.replaceAll((name, value) -> value.equals(serverName) ? "127.0.0.1" : value);
        environment.put("CHAT_SHELL_PORT", String.valueOf(serverPort));
        ProcessBuilder builder = new ProcessBuilder(launch(client)).directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs the service's healthcheck here, as Docker runs it inside the container, against {@code httpPort}. */
    private static int healthcheck(Service server, int httpPort) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(server.healthcheck()).redirectErrorStream(true);
        builder.environment().put("SERVER_PORT", String.valueOf(httpPort));
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static String readUntil(ChatClient client, String prefix) throws IOException {
        for (String line = client.readLine(); ; line = client.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private static String online(ChatClient client) throws IOException {
        client.send("/who");
        return readUntil(client, "info: online: ");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
