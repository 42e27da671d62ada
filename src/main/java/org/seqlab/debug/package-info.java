/**
 * The step-through debugger's model, headless: record a pass, then replay it. No JavaFX here; the
 * debugger window's view-models use these classes.
 *
 * <ul>
 *   <li>{@link org.seqlab.debug.Recorder} runs one traced forward and backward pass of a compiled model into a
 *       {@link org.seqlab.debug.Recording}.</li>
 *   <li>{@link org.seqlab.debug.DebugSession} holds the model, its inputs, the recording, the cursor, the
 *       breakpoints and the watches; re-recording after an edited input or weight keeps the cursor at the same
 *       label; {@link org.seqlab.debug.SessionListener}s hear each {@link org.seqlab.debug.SessionChange}. Not
 *       thread-safe: record on a background thread, then use the session from one thread.</li>
 *   <li>{@link org.seqlab.debug.Cursor} is an immutable position in the trace. Its commands (step, step back,
 *       step over, step out, run to breakpoint, run to end of phase, seek) return a
 *       {@link org.seqlab.debug.Move}; all clamp at the ends. Step over skips the current label's time step
 *       or layer, step out that unit's parent, as {@link org.seqlab.debug.LabelPrefix} defines them
 *       ({@code rnn/l0/t3/forget_gate}: over skips {@code rnn/l0/t3}, out leaves {@code rnn/l0}).</li>
 *   <li>{@link org.seqlab.debug.Breakpoint}: a label glob ({@code *}{@code /forget_gate}), the first NaN/Inf
 *       of each pass, a gradient norm above a threshold.</li>
 *   <li>{@link org.seqlab.debug.Watch}: a label or glob whose {@link org.seqlab.debug.WatchValue} is the latest
 *       matching event at or before the cursor, with its statistics.</li>
 *   <li>{@link org.seqlab.debug.TraceGraph}: the pass as nested blocks read from its labels, with data edges
 *       and shapes at any expansion level (drawn by the graph view).</li>
 *   <li>{@link org.seqlab.debug.GradientFlow}: dL/dh_t per time step for every recurrent layer and direction,
 *       per-parameter gradient norms, a one-line reading (vanishing / exploding / healthy) and clipping by
 *       global norm.</li>
 * </ul>
 *
 * <p>May depend on {@code model}, {@code nn}, {@code autograd} and the root package ({@code SeqLabException})
 * only: no ND4J, no JavaFX, no {@code io} or {@code data}, no standard streams (ArchUnit checks it).
 */
package org.seqlab.debug;
