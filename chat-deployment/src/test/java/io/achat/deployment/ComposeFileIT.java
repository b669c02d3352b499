package io.achat.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.achat.deployment.ComposeFile.Port;
import io.achat.deployment.ComposeFile.Service;
import io.achat.deployment.Dockerfile.Instruction;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the Dockerfile and the applications' real settings (read from the
 * packaged jars), for everything that would only fail once somebody ran 'docker compose up'.
 */
class ComposeFileIT {

    /** What ShutdownConfiguration adds to shutdown-timeout for the lifecycle processor, plus the JVM's own exit. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

    private final Services services = new Services();

    ComposeFileIT() throws IOException {
    }

    @Test
    void everyServiceIsBuiltFromThisRepositorysDockerfileTargets() {
        for (Service service : this.services.compose.services()) {
            Path context = Repository.root().resolve(service.buildContext().orElseThrow(() -> new AssertionError(service.name() + " has no build"))).normalize();
            assertThat(context).as("%s's build context", service.name()).isEqualTo(Repository.root());
            String target = service.buildTarget().orElseThrow(() -> new AssertionError(service.name() + " has no build target"));
            assertThat(this.services.dockerfile.stage(target)).as("%s's target %s", service.name(), target).isPresent();
            assertThat(service.image()).as("%s names its image", service.name()).isPresent();
        }
        Map<String, Set<String>> imagesByTarget = this.services.compose.services().stream()
            .collect(Collectors.groupingBy(s -> s.buildTarget().orElseThrow(),
                    Collectors.mapping(s -> s.image().orElseThrow(), Collectors.toSet())));
        assertThat(imagesByTarget).allSatisfy((target, images) -> assertThat(images).as("one image per target").hasSize(1));
        assertThat(this.services.builtFrom("shell")).extracting(Service::name).contains("shell");
    }

    @Test
    void everyEnvironmentVariableSetsASettingOfItsApplication() throws IOException {
        for (Service service : this.services.compose.services()) {
            AppJar jar = this.services.jar(service);
            assertThat(jar.unboundVariables(service.environment()))
                .as("variables of %s that set nothing in %s (misspelt? renamed?)", service.name(), jar.fileName())
                .isEmpty();
        }
    }

    @Test
    void theServerPublishesExactlyThePortsItListensOn() throws IOException {
        Service server = this.services.server();
        AppJar jar = this.services.jar(server);
        int chatPort = Integer.parseInt(jar.effective("chat.server.port", server.environment()).orElseThrow());
        int httpPort = Integer.parseInt(jar.effective("server.port", server.environment()).orElseThrow());
        assertThat(chatPort).isNotEqualTo(httpPort);
        assertThat(server.ports()).extracting(Port::target).containsExactlyInAnyOrder(chatPort, httpPort);
        List<String> exposed = this.services.dockerfile.effective("server", "EXPOSE")
            .map(i -> List.of(i.arguments().split("\\s+")))
            .orElseThrow();
        assertThat(exposed).containsExactlyInAnyOrder(String.valueOf(chatPort), String.valueOf(httpPort));
    }

    @Test
    void theHealthcheckAsksTheReadinessEndpointOnTheHttpPort() throws IOException {
        Service server = this.services.server();
        AppJar jar = this.services.jar(server);
        String script = String.join(" ", server.healthcheck());
        Matcher request = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/\\$\\{SERVER_PORT:-(\\d+)}.*GET (/\\S+) HTTP").matcher(script);
        assertThat(request.find()).as("healthcheck: %s", script).isTrue();
        assertThat(request.group(1)).as("its default port is the application's HTTP port")
            .isEqualTo(jar.effective("server.port", server.environment()).orElseThrow());
        assertThat(request.group(2)).isEqualTo("/actuator/health/readiness");
        assertThat(jar.applicationValue("management.endpoints.web.exposure.include").orElseThrow()).contains("health");
        assertThat(jar.applicationValue("management.endpoint.health.probes.enabled")).contains("true");
        assertThat(jar.applicationValue("management.endpoint.health.group.readiness.include").orElseThrow()).contains("chat");
        // That the endpoint answers, and the script's exit status follows it: ComposeDemoIT runs it.
    }

    @Test
    void stopGracePeriodOutlastsTheServersShutdownBound() throws IOException {
        Service server = this.services.server();
        Duration bound = DurationStyle.detectAndParse(
                this.services.jar(server).effective("chat.server.shutdown-timeout", server.environment()).orElseThrow());
        assertThat(server.stopGracePeriod()).as("stop_grace_period (Docker's default, 10 s, is too short)")
            .hasValueSatisfying(grace -> assertThat(grace).isGreaterThan(bound.plus(EXIT_MARGIN)));
    }

    @Test
    void clientsWaitForAHealthyServerAndTheInteractiveOneHasATerminal() {
        String server = this.services.server().name();
        for (Service client : this.services.builtFrom("shell")) {
            assertThat(client.dependsOn()).as(client.name()).containsEntry(server, "service_healthy");
            assertThat(client.environment()).as(client.name()).containsEntry("CHAT_SHELL_HOST", server);
        }
        Service shell = this.services.compose.service("shell");
        assertThat(shell.profiles()).as("'up' does not start the interactive shell").isNotEmpty();
        assertThat(shell.flag("stdin_open") && shell.flag("tty")).as("'run' gives it a terminal").isTrue();
        assertThat(shell.command()).as("no arguments: the interactive shell").isEmpty();
    }

}
