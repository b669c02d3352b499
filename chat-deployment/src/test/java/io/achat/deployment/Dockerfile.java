package io.achat.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile, parsed into stages and instructions: enough to check what it builds without an engine. */
record Dockerfile(List<Stage> stages) {

    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

    record Instruction(String keyword, String arguments) {

        /** The exec (JSON array) form's words, or empty for the shell form. */
        Optional<List<String>> execForm() {
            String text = this.arguments.strip();
            if (!text.startsWith("[")) {
                return Optional.empty();
            }
            List<String> words = new ArrayList<>();
            Matcher word = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
            while (word.find()) {
                words.add(word.group(1).replace("\\\"", "\""));
            }
            return Optional.of(words);
        }

    }

    record Stage(String name, String from, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return this.instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

    }

    static Dockerfile read(Path file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String stripped = line.strip();
            if (logical.length() == 0 && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                logical.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            logical.append(stripped);
            String[] parts = logical.toString().split("\\s+", 2);
            logical.setLength(0);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                Matcher from = FROM.matcher(arguments);
                if (!from.matches()) {
                    throw new IllegalStateException("cannot read FROM " + arguments);
                }
                current = new ArrayList<>();
                stages.add(new Stage(from.group(2), from.group(1), current));
            }
            else if (current != null) {
                current.add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Optional<Stage> stage(String name) {
        return this.stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** The stage and the stages it is built FROM, nearest first. */
    List<Stage> lineage(String name) {
        List<Stage> lineage = new ArrayList<>();
        Optional<Stage> stage = stage(name);
        while (stage.isPresent()) {
            lineage.add(stage.get());
            stage = stage(stage.get().from());
        }
        return lineage;
    }

    /** The instruction that is in effect for a target (the last one, inherited from base stages). */
    Optional<Instruction> effective(String target, String keyword) {
        for (Stage stage : lineage(target)) {
            List<Instruction> found = stage.all(keyword);
            if (!found.isEmpty()) {
                return Optional.of(found.get(found.size() - 1));
            }
        }
        return Optional.empty();
    }

    /** The image a target finally runs on: the FROM of its oldest ancestor stage. */
    String baseImage(String target) {
        List<Stage> lineage = lineage(target);
        return lineage.get(lineage.size() - 1).from();
    }

}
