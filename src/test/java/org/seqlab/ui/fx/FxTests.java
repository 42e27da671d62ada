package org.seqlab.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.skin.HeatmapSkin;
import org.testfx.util.WaitForAsyncUtils;

/** What the headless UI tests share: running on the FX thread, and reading a heatmap cell's drawn colour. */
public final class FxTests {

    /** Two steps of 8-bit rounding and a little blending: how close a drawn pixel is to its colour. */
    public static final double TOLERANCE = 2.5 / 255;

    private FxTests() {
    }

    /** Runs {@code action} on the FX thread, waits for it (60 s at most) and for the events it caused. */
    public static <T> T fx(Callable<T> action) throws Exception {
        T result = WaitForAsyncUtils.asyncFx(action).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return result;
    }

    public static void fx(Runnable action) throws Exception {
        fx(() -> {
            action.run();
            return null;
        });
    }

    /** A frame-time probe started on the FX thread. */
    public static FrameTimeProbe startedProbe() throws Exception {
        return fx(() -> {
            FrameTimeProbe probe = new FrameTimeProbe();
            probe.start();
            return probe;
        });
    }

    /** The colour drawn at the centre of cell ({@code row}, {@code col}) in {@code picture}, a snapshot of it. */
    public static Color pixelAtCentre(Heatmap heatmap, Image picture, int row, int col) throws Exception {
        Bounds cell = fx(() -> ((HeatmapSkin) heatmap.getSkin()).cellBounds(row, col).orElseThrow());
        Bounds local = fx(heatmap::getBoundsInLocal);
        return picture.getPixelReader().getColor((int) Math.floor(cell.getCenterX() - local.getMinX()),
                (int) Math.floor(cell.getCenterY() - local.getMinY()));
    }

    /** Whether {@code actual} is {@code expected} within {@link #TOLERANCE} in each channel. */
    public static boolean isColour(Color actual, Color expected) {
        return Math.abs(actual.getRed() - expected.getRed()) < TOLERANCE
                && Math.abs(actual.getGreen() - expected.getGreen()) < TOLERANCE
                && Math.abs(actual.getBlue() - expected.getBlue()) < TOLERANCE;
    }
}
