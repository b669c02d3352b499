package io.achat.deployment;

import java.io.IOException;
import java.util.List;

import io.achat.deployment.ComposeFile.Service;
import io.achat.deployment.Dockerfile.Instruction;

/** docker-compose.yml's services with what they run: the Dockerfile target each builds and the jar its entry point runs. */
final class Services {

    final ComposeFile compose;

    final Dockerfile dockerfile;

    Services() throws IOException {
        this.compose = ComposeFile.read(Repository.file("docker-compose.yml"));
        this.dockerfile = Dockerfile.read(Repository.file("Dockerfile"));
    }

    /** The services built from the target, {@code server} or {@code shell}. */
    List<Service> builtFrom(String target) {
        return this.compose.services().stream().filter(s -> s.buildTarget().filter(target::equals).isPresent()).toList();
    }

    Service server() {
        List<Service> servers = builtFrom("server");
        if (servers.size() != 1) {
            throw new IllegalStateException("expected one server service, found " + servers);
        }
        return servers.get(0);
    }

    List<String> entrypoint(Service service) {
        return this.dockerfile.effective(service.buildTarget().orElseThrow(), "ENTRYPOINT")
            .flatMap(Instruction::execForm)
            .orElseThrow();
    }

    /** The jar the service's entry point runs, as 'mvn package' built it. */
    AppJar jar(Service service) throws IOException {
        List<String> entrypoint = entrypoint(service);
        return new AppJar(Repository.jar(entrypoint.get(entrypoint.indexOf("-jar") + 1)));
    }

}
