package io.achat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

/** A result as a table for people, a JSON line for scripts, or a row of the suite's Markdown table. */
final class Reports {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The Markdown columns: heading and how to show a result in it. */
    private static final List<Column> COLUMNS = List.of(
            new Column("Java", r -> text(r.java())),
            new Column("scenario", Result::scenario),
            new Column("clients", r -> r.clients() + " × " + r.recipients()),
            new Column("start-up s", r -> number(r.startupSeconds(), 2)),
            new Column("login s", r -> number(r.loginSeconds(), 2)),
            new Column("deliveries/s", r -> number(r.deliveriesPerSecond(), 0)),
            new Column("MB/s", r -> number(r.megabytesPerSecond(), 1)),
            new Column("p50 ms", r -> number(r.p50(), 3)),
            new Column("p90 ms", r -> number(r.p90(), 3)),
            new Column("p99 ms", r -> number(r.p99(), 3)),
            new Column("p99.9 ms", r -> number(r.p999(), 3)),
            new Column("max ms", r -> number(r.max(), 1)),
            new Column("lost/dup/reord/unexp", r -> r.lost() + "/" + r.duplicated() + "/" + r.reordered() + "/" + r.unexpected()),
            new Column("server CPU", r -> number(r.serverCpu(), 2)),
            new Column("server CPU µs/delivery", r -> r.serverCpu() == null || r.deliveriesPerSecond() == null ? ""
                    : number(r.serverCpu() * 1e6 / r.deliveriesPerSecond(), 2)),
            new Column("server RSS MB", r -> number(r.serverRssMegabytes(), 0)),
            new Column("generator CPU", r -> number(r.generatorCpu(), 2)),
            new Column("generator loops", r -> r.generatorLoops() == null ? "" : r.generatorLoops().toString()),
            new Column("drain", r -> r.drainSeconds() == null ? "" : String.format(Locale.ROOT,
                    "%.1f MB read in %.2f s, exit %s after %.2f s", r.drainedMegabytes(), r.drainSeconds(),
                    r.exitStatus() == null ? "?" : r.exitStatus(), r.exitSeconds())));

    private Reports() {
    }

    static String json(Result result) {
        return JSON.writeValueAsString(result);
    }

    /** Two columns, one figure a line, only the figures that apply. */
    static String table(Result result) {
        StringBuilder table = new StringBuilder();
        for (Column column : COLUMNS) {
            String value = column.value().apply(result);
            if (!value.isEmpty()) {
                table.append(String.format(Locale.ROOT, "%-22s %s%n", column.heading(), value));
            }
        }
        for (String sample : result.samples()) {
            table.append(String.format(Locale.ROOT, "%-22s %s%n", "unexpected", sample));
        }
        table.append(String.format(Locale.ROOT, "%-22s %s", "verdict", result.passed() ? "PASS" : "FAIL"));
        return table.toString();
    }

    static String markdown(List<Result> results) {
        List<String> lines = new ArrayList<>();
        lines.add("| " + String.join(" | ", COLUMNS.stream().map(Column::heading).toList()) + " |");
        lines.add("|" + "---|".repeat(COLUMNS.size()));
        for (Result result : results) {
            lines.add("| " + String.join(" | ", COLUMNS.stream().map(c -> c.value().apply(result)).toList()) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    /** Start-up per Java and layout: median and every run, in seconds. */
    static String startup(List<Startup.Layout> layouts) {
        List<String> lines = new ArrayList<>();
        lines.add("| Java | layout | start to chat port, median s | runs s |");
        lines.add("|---|---|---|---|");
        for (Startup.Layout layout : layouts) {
            lines.add("| " + layout.java() + " | " + layout.name() + " | " + number(layout.median(), 2) + " | "
                    + String.join(", ", layout.seconds().stream().map(s -> number(s, 2)).toList()) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String number(Double value, int decimals) {
        return value == null ? "" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private record Column(String heading, Function<Result, String> value) {
    }

}
