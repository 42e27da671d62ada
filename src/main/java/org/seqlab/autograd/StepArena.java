package org.seqlab.autograd;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The memory of one training step, reused by the next: while an arena is open on a thread, every array made
 * there (the batch, each op's output and saved values, the gradients, the optimizer's temporaries) comes out of
 * one block of native memory (an ND4J workspace) by moving a pointer, and closing the arena hands the whole
 * block back at once. The first step measures how much a step needs; from then on a step allocates nothing
 * and touches no fresh page (on a two-core machine first-touch page faults and ND4J's per-array allocation
 * cost more than the arithmetic of a small step). A step that needs more than the block spills to ordinary
 * allocations and the block grows for the next.
 *
 * <p>Nothing made inside may be used after {@link #close()}: the next step overwrites it. A step must therefore
 * keep only plain numbers (the loss, metrics), update the parameters and the optimizer's state in place (they
 * were made outside), and make any array that outlives it inside {@link #outside(java.util.function.Supplier)}.
 * Parameters' gradients are made inside and must be cleared ({@link Tensor#zeroGrad()}) before the arena closes.
 *
 * <pre>{@code
 * try (StepArena arena = StepArena.open()) {
 *     ... forward, backward, optimizer step, zeroGrad ...
 * }
 * }</pre>
 *
 * <p>{@code -Dseqlab.stepArena=false} turns arenas off (every array is then allocated and freed as usual), for
 * comparison runs; {@link #enabled()} says which.
 */
public final class StepArena implements AutoCloseable {
    private static final String ID = "seqlab-step";
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.STRICT)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("seqlab.stepArena"));

    static {
        if (Boolean.getBoolean("seqlab.stepArena.check")) {
            setChecking(true);
        }
    }

    private final MemoryWorkspace workspace;

    private StepArena(MemoryWorkspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Opens this thread's arena for one step (when arenas are {@link #enabled()}; otherwise an arena that does
     * nothing). Arenas do not nest: opening one while another is open on the thread throws.
     */
    public static StepArena open() {
        if (!enabled) {
            return new StepArena(null);
        }
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExistsAndActive(ID)) {
            throw new IllegalStateException("A step arena is already open on thread '" + Thread.currentThread()
                    .getName() + "': close it before opening the next step's.");
        }
        return new StepArena(Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, ID));
    }

    /** Whether {@link #open()} gives real arenas ({@code -Dseqlab.stepArena}, default true). */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns arenas on or off for arenas opened from now on (for A/B runs and tests). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Turns on (or off) ND4J's check, at every op, that no input is an array of an arena that has closed since it
     * was made: such an array would hold another step's values. The check costs time, so it is for tests and for
     * hunting a suspected leak ({@code -Dseqlab.stepArena.check=true}); a kept array then fails the op that reads
     * it with "outdated workspace pointer".
     */
    public static void setChecking(boolean on) {
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(on).build());
    }

    /** Whether this thread is inside an open arena now (arrays made now would die with the step). */
    public static boolean inside() {
        return Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread();
    }

    /** Runs {@code make} with no arena active, so that the arrays it makes outlive the step. */
    public static <T> T outside(java.util.function.Supplier<T> make) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return make.get();
        }
    }

    /** The bytes of this thread's arena block (0 before the first step has closed, or when off). */
    public static long blockBytes() {
        if (!Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ID)) {
            return 0;
        }
        return Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(ID).getCurrentSize();
    }

    /** Frees this thread's arena block (when a training run ends); the next {@link #open()} starts afresh. */
    public static void freeThisThread() {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ID)) {
            // destroyed and forgotten by the manager, so that the next arena learns its size afresh
            Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(ID));
        }
    }

    @Override
    public void close() {
        if (workspace != null) {
            workspace.close();
        }
    }
}
