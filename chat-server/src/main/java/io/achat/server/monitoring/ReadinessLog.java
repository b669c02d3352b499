package io.achat.server.monitoring;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs every readiness change (Spring Boot logs them at DEBUG only), so that an operator reading the
 * log of a rollout sees when the load balancer was told to stop sending clients.
 */
@Component
class ReadinessLog {

    private static final Log logger = LogFactory.getLog(ReadinessLog.class);

    private ReadinessState last;

    /** Once per change: both Boot's web context and the shutdown publish REFUSING_TRAFFIC. */
    @EventListener
    synchronized void changed(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() != this.last) {
            this.last = event.getState();
            logger.info("Readiness: " + event.getState());
        }
    }

}
