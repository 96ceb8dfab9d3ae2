package org.sparkharness.driver.run;

/**
 * A named part of a {@link Checkpoint} owned by one component (the backup policy's round history, the federated
 * byte counters, a training method's memory), which alone knows how to encode it. The name is the key in the
 * checkpoint file, so it must stay stable across versions.
 *
 * @param <T> the state the component saves
 */
public interface CheckpointSection<T> {
    String name();

    byte[] encode(T value);

    T decode(byte[] bytes);
}
