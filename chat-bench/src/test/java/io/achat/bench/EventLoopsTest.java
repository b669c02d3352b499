package io.achat.bench;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a run is split over event loops: every client, check and message per second goes to exactly one loop. */
class EventLoopsTest {

    @Test
    void thePresetsAreSplitEvenly() {
        Scenario connections = Scenario.PRESETS.get("connections");
        assertThat(parts(connections, 2)).extracting(Scenario::clients).containsExactly(5_000, 5_000);
        assertThat(parts(connections, 2)).extracting(Scenario::checks).containsExactly(5, 5);
        Scenario latency = Scenario.PRESETS.get("latency");
        assertThat(parts(latency, 2)).extracting(Scenario::rate).containsExactly(10_000, 10_000);
        assertThat(parts(latency, 2)).allSatisfy(part -> {
            assertThat(part.warmup()).isEqualTo(latency.warmup());
            assertThat(part.duration()).isEqualTo(latency.duration());
            assertThat(part.recipients()).isEqualTo(latency.recipients());
        });
    }

    @Test
    void unevenSharesAddUpToTheWhole() {
        Scenario scenario = new Scenario("odd", 7, 1, Scenario.Pattern.RANDOM, Wire.MIN_TEXT, 1, 1_001, 0, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ZERO, 3, 0, List.of());
        List<Scenario> parts = parts(scenario, 3);
        assertThat(parts).extracting(Scenario::clients).containsExactly(3, 2, 2);
        assertThat(parts).extracting(Scenario::checks).containsExactly(1, 1, 1);
        assertThat(parts.stream().mapToInt(Scenario::rate).sum()).isBetween(1_000, 1_002);
    }

    @Test
    void anOpenLoopStaysOpenInEveryLoop() {
        Scenario scenario = new Scenario("slow", 4, 1, Scenario.Pattern.RANDOM, Wire.MIN_TEXT, 1, 1, 0, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ZERO, 0, 0, List.of());
        assertThat(parts(scenario, 2)).allMatch(Scenario::isOpenLoop);
    }

    private static List<Scenario> parts(Scenario scenario, int count) {
        return IntStream.range(0, count).mapToObj(i -> EventLoops.part(scenario, count, i)).toList();
    }

}
