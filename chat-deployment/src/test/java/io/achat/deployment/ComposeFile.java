package io.achat.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, parsed (anchors and merge keys resolved) and read the way Compose reads it. */
record ComposeFile(Map<String, Object> root) {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|us|ns|h|m|s)");

    record Port(int published, int target) {
    }

    record Service(String name, Map<String, Object> definition) {

        Optional<String> buildContext() {
            Object build = this.definition.get("build");
            if (build instanceof String context) {
                return Optional.of(context);
            }
            return build instanceof Map<?, ?> map ? Optional.of(String.valueOf(map.get("context"))) : Optional.empty();
        }

        Optional<String> buildTarget() {
            return this.definition.get("build") instanceof Map<?, ?> map && map.get("target") != null
                    ? Optional.of(String.valueOf(map.get("target"))) : Optional.empty();
        }

        Optional<String> image() {
            return Optional.ofNullable((String) this.definition.get("image"));
        }

        List<String> command() {
            Object command = this.definition.get("command");
            if (command == null) {
                return List.of();
            }
            if (command instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            throw new IllegalStateException(this.name + ": write 'command' in the list form; the string form needs a shell");
        }

        /** Values as Compose passes them: {@code $$} is a literal {@code $}. */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Object value = this.definition.get("environment");
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? "" : unescape(String.valueOf(v))));
            }
            else if (value instanceof List<?> list) {
                for (Object entry : list) {
                    String[] pair = String.valueOf(entry).split("=", 2);
                    environment.put(pair[0], pair.length > 1 ? unescape(pair[1]) : "");
                }
            }
            return environment;
        }

        List<Port> ports() {
            Object value = this.definition.getOrDefault("ports", List.of());
            return ((List<?>) value).stream().map(String::valueOf).map(ComposeFile::port).toList();
        }

        /** The healthcheck's command without its CMD marker, {@code $$} unescaped. */
        List<String> healthcheck() {
            Map<?, ?> healthcheck = (Map<?, ?>) this.definition.get("healthcheck");
            List<?> test = healthcheck == null ? List.of() : (List<?>) healthcheck.get("test");
            if (test.isEmpty() || !"CMD".equals(test.get(0))) {
                throw new IllegalStateException(this.name + ": expected a healthcheck in the [\"CMD\", ...] form");
            }
            return test.subList(1, test.size()).stream().map(String::valueOf).map(ComposeFile::unescape).toList();
        }

        Optional<Duration> stopGracePeriod() {
            Object value = this.definition.get("stop_grace_period");
            return value == null ? Optional.empty() : Optional.of(duration(String.valueOf(value)));
        }

        /** Service name to condition. */
        Map<String, String> dependsOn() {
            Map<String, String> conditions = new LinkedHashMap<>();
            Object value = this.definition.get("depends_on");
            if (value instanceof List<?> list) {
                list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
            }
            else if (value instanceof Map<?, ?> map) {
                map.forEach((name, options) -> conditions.put(String.valueOf(name),
                        String.valueOf(((Map<?, ?>) options).get("condition"))));
            }
            return conditions;
        }

        List<String> profiles() {
            return ((List<?>) this.definition.getOrDefault("profiles", List.of())).stream().map(String::valueOf).toList();
        }

        boolean flag(String key) {
            return Boolean.TRUE.equals(this.definition.get(key));
        }

    }

    @SuppressWarnings("unchecked")
    static ComposeFile read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new ComposeFile((Map<String, Object>) new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    Set<String> serviceNames() {
        return ((Map<String, Object>) this.root.get("services")).keySet();
    }

    @SuppressWarnings("unchecked")
    Service service(String name) {
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) this.root.get("services")).get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        return new Service(name, definition);
    }

    List<Service> services() {
        return serviceNames().stream().map(this::service).toList();
    }

    /** Compose's duration format: {@code 40s}, {@code 1m30s}, {@code 500ms}. */
    static Duration duration(String text) {
        Matcher part = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                throw new IllegalArgumentException("not a duration: " + text);
            }
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "ms" -> Duration.ofMillis(amount);
                case "us" -> Duration.ofNanos(amount * 1000);
                default -> Duration.ofNanos(amount);
            });
            end = part.end();
        }
        if (end != text.length() || end == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return total;
    }

    private static Port port(String mapping) {
        String[] parts = mapping.split(":");
        if (parts.length < 2) {
            throw new IllegalStateException("publish with both ports, host:container: " + mapping);
        }
        return new Port(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")));
    }

    private static String unescape(String value) {
        return value.replace("$$", "$");
    }

}
