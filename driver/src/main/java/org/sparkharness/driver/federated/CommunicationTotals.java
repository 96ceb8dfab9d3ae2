package org.sparkharness.driver.federated;

import java.nio.ByteBuffer;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointSection;
import org.sparkharness.driver.run.CheckpointStore;

/**
 * Bytes the clients uploaded and downloaded since the run began: the federated coordinator's checkpoint section,
 * so a resumed run's totals (and its accuracy-against-bytes curve) continue where they stopped.
 */
public record CommunicationTotals(long bytesUp, long bytesDown) {
    public static final CommunicationTotals NONE = new CommunicationTotals(0, 0);

    static final CheckpointSection<CommunicationTotals> SECTION = new CheckpointSection<>() {
        @Override public String name() { return "federated.bytes"; }

        @Override public byte[] encode(CommunicationTotals t) {
            return ByteBuffer.allocate(16).putLong(t.bytesUp).putLong(t.bytesDown).array();
        }

        @Override public CommunicationTotals decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return new CommunicationTotals(b.getLong(), b.getLong());
        }
    };

    public CommunicationTotals plus(long up, long down) { return new CommunicationTotals(bytesUp + up, bytesDown + down); }

    public long total() { return bytesUp + bytesDown; }

    /** The totals saved in {@code c}; a checkpoint of version 3 or older kept them as two named doubles. */
    static CommunicationTotals of(Checkpoint c) {
        return c.section(SECTION).orElseGet(() -> new CommunicationTotals(legacy(c, "bytes_up_total"),
                legacy(c, "bytes_down_total")));
    }

    private static long legacy(Checkpoint c, String name) {
        byte[] b = c.sections().get(name);
        return b == null ? 0 : (long) CheckpointStore.LegacyDouble.decode(b);
    }
}
