package io.achat.bench;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a run measured. Times in seconds, latencies in milliseconds, sizes in megabytes (10^6
 * bytes); a figure that does not apply to the scenario, or could not be taken, is {@code null}.
 *
 * @param scenario preset name
 * @param java the server's Java version, when the suite started it
 * @param startupSeconds process start to chat port accepting, when the suite started the server
 * @param clients connections logged in
 * @param recipients recipients per message
 * @param loginSeconds first connect to last client logged in
 * @param deliveries deliveries received during the measured part
 * @param seconds length of the measured part
 * @param deliveriesPerSecond deliveries received per second of the measured part
 * @param megabytesPerSecond delivered line bytes per second of the measured part
 * @param p50 latency percentiles, send to delivery, of messages sent in the measured part
 * @param lost deliveries expected and never received
 * @param duplicated deliveries received more than once
 * @param reordered deliveries received out of their sender's order
 * @param unexpected lines that were neither a delivery nor an expected answer, connections the
 * server closed, and an open loop that fell behind its rate
 * @param samples the first few unexpected lines
 * @param serverCpu cores the server used during the measured part
 * @param serverRssMegabytes server resident memory at the end of the measured part
 * @param generatorCpu cores this generator used during the measured part
 * @param generatorLoops event loops (threads) the generator's clients were split over
 * @param drainedMegabytes the drain preset: what was queued for the non-reading peer
 * @param drainSeconds the drain preset: from the peer starting to read to its last line
 * @param exitSeconds the drain preset: from the peer starting to read to the server process' exit
 * @param exitStatus the drain preset: the server's exit status, when the suite started it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Result(String scenario, String java, Double startupSeconds, int clients, int recipients, Double loginSeconds,
        long deliveries, Double seconds, Double deliveriesPerSecond, Double megabytesPerSecond, Double p50,
        Double p90, Double p99, Double p999, Double max, long lost, long duplicated, long reordered,
        long unexpected, List<String> samples, Double serverCpu, Double serverRssMegabytes, Double generatorCpu,
        Integer generatorLoops, Double drainedMegabytes, Double drainSeconds, Double exitSeconds, Integer exitStatus) {

    /** Nothing lost, duplicated, reordered or unexpected, and the server (if watched to its end) exited 0. */
    boolean passed() {
        return this.lost == 0 && this.duplicated == 0 && this.reordered == 0 && this.unexpected == 0
                && (this.exitStatus == null || this.exitStatus == 0);
    }

    Result withServer(String java, double startupSeconds, Integer exitStatus) {
        return new Result(this.scenario, java, startupSeconds, this.clients, this.recipients, this.loginSeconds,
                this.deliveries, this.seconds, this.deliveriesPerSecond, this.megabytesPerSecond, this.p50, this.p90,
                this.p99, this.p999, this.max, this.lost, this.duplicated, this.reordered, this.unexpected,
                this.samples, this.serverCpu, this.serverRssMegabytes, this.generatorCpu, this.generatorLoops,
                this.drainedMegabytes, this.drainSeconds, this.exitSeconds,
                this.exitStatus != null ? this.exitStatus : exitStatus);
    }

}
