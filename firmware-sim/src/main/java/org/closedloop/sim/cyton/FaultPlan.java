package org.closedloop.sim.cyton;

import org.closedloop.sim.cyton.GroundTruth.Delivery;

/**
 * Pending count faults and the current stall window; decides the delivery of each generated sample.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the board's pacing thread.
 */
final class FaultPlan {
    private long drop;
    private long corrupt;
    private long badStop;
    private long stallFromNs;
    private long stallUntilNs;
    private boolean stalled;

    void add(Fault fault, long nowNs) {
        if (fault instanceof Fault.Drop f) {
            drop += f.packets();
        } else if (fault instanceof Fault.Corrupt f) {
            corrupt += f.packets();
        } else if (fault instanceof Fault.BadStop f) {
            badStop += f.packets();
        } else if (fault instanceof Fault.Stall f) {
            long until = nowNs + f.duration().toNanos();
            if (!stalled || nowNs - stallUntilNs >= 0) {
                stallFromNs = nowNs; // a new window; an overlapping request extends the current one
                stallUntilNs = until;
            } else if (until - stallUntilNs > 0) {
                stallUntilNs = until;
            }
            stalled = true;
        } else {
            throw new IllegalArgumentException("fault=" + fault + ": not a per-sample fault");
        }
    }

    /** The delivery of the sample due at {@code dueNs}; consumes the count fault it uses. */
    Delivery deliveryFor(long dueNs) {
        if (stalled && dueNs - stallFromNs >= 0 && dueNs - stallUntilNs < 0) {
            return Delivery.STALLED;
        }
        if (drop > 0) {
            drop--;
            return Delivery.DROPPED;
        }
        if (corrupt > 0) {
            corrupt--;
            return Delivery.CORRUPTED;
        }
        if (badStop > 0) {
            badStop--;
            return Delivery.BAD_STOP_BYTE;
        }
        return Delivery.DELIVERED;
    }
}
