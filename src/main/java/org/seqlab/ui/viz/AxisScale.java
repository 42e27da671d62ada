package org.seqlab.ui.viz;

/** How a chart axis maps values to positions: evenly ({@link #LINEAR}) or by decades ({@link #LOG10}). */
public enum AxisScale {
    /** Equal steps in value are equal steps on the axis. */
    LINEAR,
    /**
     * Equal ratios are equal steps ({@code 1e-7, 1e-6, …}); values of 0 or below have no position and are
     * drawn on the axis floor with a marker instead.
     */
    LOG10
}
