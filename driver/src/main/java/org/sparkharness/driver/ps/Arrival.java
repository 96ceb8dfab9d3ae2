package org.sparkharness.driver.ps;

import org.sparkharness.executors.worker.WorkerResult;

/** A worker result as the driver received it, with its arrival time since the round's job was submitted. */
public record Arrival(int worker, WorkerResult result, long arrivalNanos) {
    public double arrivalMillis() { return arrivalNanos / 1e6; }
}
