package dev.flinkpravega.connector.bench;

/** One thing to run for a figure: a repetition returns its rate and what came after the window. */
@FunctionalInterface
interface Measurement {
    RawClient.Result run() throws Exception;
}
