package io.achat.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.jayway.jsonpath.JsonPath;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * A Spring Boot fat jar as configuration sees it: every property its code and libraries declare
 * (the {@code spring-configuration-metadata.json} files, the same ones IDEs complete from), the
 * values its {@code application.yml} sets, and Spring Boot's own relaxed binding of environment
 * variables onto them.
 */
final class AppJar {

    /** Variables the JVM reads itself; not Spring settings, and fine in any service's environment. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ");

    private final Path jar;

    private final Map<String, Object> defaults = new HashMap<>();

    private final Set<String> properties = new LinkedHashSet<>();

    private final Set<String> mapProperties = new LinkedHashSet<>();

    private final Map<String, Object> applicationYaml = new HashMap<>();

    AppJar(Path jar) throws IOException {
        this.jar = jar;
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    try (ZipInputStream nested = new ZipInputStream(file.getInputStream(entry))) {
                        for (ZipEntry inner = nested.getNextEntry(); inner != null; inner = nested.getNextEntry()) {
                            if (isMetadata(inner.getName())) {
                                addMetadata(nested.readAllBytes());
                            }
                        }
                    }
                }
                else if (isMetadata(entry.getName().replaceFirst("^BOOT-INF/classes/", ""))) {
                    addMetadata(read(file, entry));
                }
                else if (entry.getName().equals("BOOT-INF/classes/application.yml")) {
                    for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
                            new ByteArrayResource(read(file, entry)))) {
                        ((MapPropertySource) source).getSource().forEach(this.applicationYaml::putIfAbsent);
                    }
                }
            }
        }
    }

    /** The file name the jar runs as: {@code chat-server.jar}. */
    String fileName() {
        return this.jar.getFileName().toString();
    }

    /**
     * What the application would use for {@code property} given these environment variables: the
     * variable that binds to it, else application.yml, else the declared default.
     */
    Optional<String> effective(String property, Map<String, String> environment) {
        String fromEnvironment = environment(environment).getProperty(property);
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment);
        }
        Object fromYaml = this.applicationYaml.get(property);
        if (fromYaml != null) {
            return Optional.of(String.valueOf(fromYaml));
        }
        return Optional.ofNullable(this.defaults.get(property)).map(String::valueOf);
    }

    /** The value application.yml sets, as written. */
    Optional<String> applicationValue(String property) {
        return Optional.ofNullable(this.applicationYaml.get(property)).map(String::valueOf);
    }

    /**
     * The variables that set no property this application declares, by Spring Boot's relaxed binding
     * ({@code CHAT_SERVER_SHUTDOWN_TIMEOUT} binds {@code chat.server.shutdown-timeout}); a misspelt
     * one is silently ignored by the application, so it would show up here.
     */
    Set<String> unboundVariables(Map<String, String> environment) {
        Set<String> unbound = new LinkedHashSet<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (JVM_VARIABLES.contains(variable.getKey())) {
                continue;
            }
            StandardEnvironment single = environment(Map.of(variable.getKey(), variable.getValue()));
            boolean binds = this.properties.stream().anyMatch(property -> single.getProperty(property) != null)
                    || this.mapProperties.stream().anyMatch(prefix -> variable.getKey().startsWith(envPrefix(prefix)));
            if (!binds) {
                unbound.add(variable.getKey());
            }
        }
        return unbound;
    }

    private static StandardEnvironment environment(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().forEach(source -> environment.getPropertySources().remove(source.getName()));
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("compose", Map.copyOf(variables)));
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    private static String envPrefix(String mapProperty) {
        return mapProperty.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "") + "_";
    }

    private static boolean isMetadata(String name) {
        return name.equals("META-INF/spring-configuration-metadata.json")
                || name.equals("META-INF/additional-spring-configuration-metadata.json");
    }

    private void addMetadata(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        List<Map<String, Object>> declared = JsonPath.read(text, "$.properties[*]");
        for (Map<String, Object> property : declared) {
            String name = (String) property.get("name");
            this.properties.add(name);
            Object type = property.get("type");
            if (type != null && String.valueOf(type).startsWith("java.util.Map")) {
                this.mapProperties.add(name);
            }
            if (property.get("defaultValue") != null) {
                this.defaults.putIfAbsent(name, property.get("defaultValue"));
            }
        }
    }

    private static byte[] read(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

}
