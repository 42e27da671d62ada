package org.seqlab.ui.viz;

import javafx.scene.paint.Color;

/**
 * Value → colour, for one {@link ColorScale} over one range. Pure and immutable: the heatmap, its
 * colour bar and tests all ask the same object.
 *
 * <p>The ramps are ColorBrewer's (Cynthia Brewer, colorbrewer2.org), interpolated in sRGB between their
 * stops: RdBu for {@link ColorScale#DIVERGING} (dark blue → white → dark red, with the centre stop pure
 * white so that 0 is white) and Blues for {@link ColorScale#SEQUENTIAL} (white → deep blue). Both are
 * ordered in lightness, so a value's size reads the same in grey print.
 *
 * <p>Values that are not numbers (NaN, ±∞) are {@link #NON_FINITE}; cells a heatmap masks or has not
 * reached yet have colours of their own ({@link #MASKED}, {@link #HIDDEN}), none of which any value
 * maps to.
 */
public final class ColorMap {

    /** Masked cells: a neutral grey (a heatmap also hatches it), unlike the white of a zero. */
    public static final Color MASKED = Color.web("#c4c4c4");
    /** The hatching drawn over masked cells. */
    public static final Color MASKED_HATCH = Color.web("#7d7d7d");
    /** Cells not computed yet (beyond the cursor's time step): a flat light grey, not hatched. */
    public static final Color HIDDEN = Color.web("#e3e3e3");
    /** NaN and infinite values: magenta, a colour no ramp contains. */
    public static final Color NON_FINITE = Color.web("#e800e8");

    private static final Color[] DIVERGING_STOPS = colors(
            "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0",
            "#ffffff",
            "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f");
    private static final Color[] SEQUENTIAL_STOPS = colors(
            "#ffffff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b");

    private final ColorScale scale;
    private final double min;
    private final double max;
    private final Color[] stops;

    private ColorMap(ColorScale scale, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("A colour map needs a finite range with min <= max; got ["
                    + min + ", " + max + "]");
        }
        this.scale = scale;
        this.min = min;
        this.max = max;
        this.stops = scale == ColorScale.DIVERGING ? DIVERGING_STOPS : SEQUENTIAL_STOPS;
    }

    /** Blue - white - red over [-maxAbs, +maxAbs]: 0 is white, -maxAbs dark blue, +maxAbs dark red. */
    public static ColorMap diverging(double maxAbs) {
        double m = Math.abs(maxAbs);
        return new ColorMap(ColorScale.DIVERGING, -m, m);
    }

    /** White - deep blue over [min, max]: min is white, max deep blue. */
    public static ColorMap sequential(double min, double max) {
        return new ColorMap(ColorScale.SEQUENTIAL, min, max);
    }

    /**
     * The map of {@code scale} over [min, max]; a diverging map is made symmetric around 0 with the
     * larger of |min| and |max|.
     */
    public static ColorMap of(ColorScale scale, double min, double max) {
        return scale == ColorScale.DIVERGING
                ? diverging(Math.max(Math.abs(min), Math.abs(max)))
                : sequential(min, max);
    }

    public ColorScale scale() {
        return scale;
    }

    /** The value drawn in the first colour (diverging: -max|value|). */
    public double min() {
        return min;
    }

    /** The value drawn in the last colour (diverging: +max|value|). */
    public double max() {
        return max;
    }

    /**
     * Where {@code value} sits on the ramp, 0 (first colour) to 1 (last colour), clamped. An empty range
     * puts every value at the diverging centre (white) or the sequential start (white).
     */
    public double position(double value) {
        if (max == min) {
            return scale == ColorScale.DIVERGING ? 0.5 : 0.0;
        }
        double p = (value - min) / (max - min);
        return Math.max(0.0, Math.min(1.0, p));
    }

    /** The colour of {@code value}; {@link #NON_FINITE} for NaN and ±∞. */
    public Color color(double value) {
        if (!Double.isFinite(value)) {
            return NON_FINITE;
        }
        return colorAt(position(value));
    }

    /** The colour at ramp position {@code p} (0..1, clamped), as the colour bar draws it. */
    public Color colorAt(double p) {
        double q = Math.max(0.0, Math.min(1.0, p)) * (stops.length - 1);
        int i = Math.min((int) q, stops.length - 2);
        return stops[i].interpolate(stops[i + 1], q - i);
    }

    /** {@link #color} as an opaque 0xAARRGGBB int, for writing pixels. */
    public int argb(double value) {
        return argb(color(value));
    }

    /** An opaque colour as 0xAARRGGBB. */
    public static int argb(Color c) {
        int r = (int) Math.round(c.getRed() * 255);
        int g = (int) Math.round(c.getGreen() * 255);
        int b = (int) Math.round(c.getBlue() * 255);
        return 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    @Override
    public String toString() {
        return "ColorMap[" + scale + ", " + min + " .. " + max + "]";
    }

    private static Color[] colors(String... hex) {
        Color[] out = new Color[hex.length];
        for (int i = 0; i < hex.length; i++) {
            out[i] = Color.web(hex[i]);
        }
        return out;
    }
}
