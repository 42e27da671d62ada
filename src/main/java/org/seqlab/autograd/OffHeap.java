package org.seqlab.autograd;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps the native memory of tensors in check. An ND4J array's buffer lives outside the Java heap and is freed only
 * after the garbage collector has found its Java object unreachable; a training loop makes hundreds of megabytes
 * of such buffers a second while making little Java garbage, so the collector may not run for a long time and the
 * process grows until the system kills it. {@link #release()}, called between training steps, asks for a collection
 * when the process has grown by more than {@link #headroomBytes()} since the last one.
 */
public final class OffHeap {
    private static final long HEADROOM = Long.getLong("seqlab.offheap.headroom", 768L << 20);
    private static long baseline = -1;
    private static long collections;

    private OffHeap() {
    }

    /** Collects garbage if the process's resident memory has grown by more than the headroom since last time. */
    public static synchronized void release() {
        long now = Pointer.physicalBytes();
        if (baseline < 0) {
            baseline = now;
            return;
        }
        if (now - baseline > HEADROOM) {
            System.gc();
            collections++;
            try {
                Thread.sleep(5);                // let ND4J's deallocator threads free what the collector found
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            baseline = Math.min(Pointer.physicalBytes(), Math.max(baseline, now - HEADROOM));
        }
    }

    /** The growth allowed between two collections ({@code -Dseqlab.offheap.headroom=BYTES}; default 768 MB). */
    public static long headroomBytes() {
        return HEADROOM;
    }

    /** The process's resident memory in bytes, as the operating system counts it. */
    public static long residentBytes() {
        return Pointer.physicalBytes();
    }

    /** How many collections {@link #release()} has asked for. */
    public static synchronized long collections() {
        return collections;
    }
}
