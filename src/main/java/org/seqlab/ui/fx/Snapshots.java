package org.seqlab.ui.fx;

import java.io.IOException;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javax.imageio.ImageIO;

/**
 * Pictures of what is on screen, as PNG files: the app's {@code --snapshot} option, README screenshots,
 * and tests that look at pixels. Works headless (Monocle) as well as in a real window. Call on the FX
 * application thread.
 */
public final class Snapshots {

    private Snapshots() {
    }

    /** Renders the whole scene (CSS and layout applied first) and writes it to {@code file}. */
    public static void writePng(Scene scene, Path file) throws IOException {
        write(scene.snapshot(null), file);
    }

    /** Renders one node (CSS and layout applied first) and writes it to {@code file}. */
    public static void writePng(Node node, Path file) throws IOException {
        write(node.snapshot(null, null), file);
    }

    /**
     * Gives {@code figure} the background it is seen on (the first opaque one from it up to the scene, else the
     * scene's fill, else white), so that a snapshot of it alone keeps the theme's colours: light text on a dark
     * theme stays readable in the PNG. Returns {@code figure}.
     */
    public static <R extends Region> R withSeenBackground(R figure) {
        Paint fill = Color.WHITE;
        search:
        for (Parent p = figure; p != null; p = p.getParent()) {
            if (p instanceof Region r && r.getBackground() != null) {
                for (BackgroundFill f : r.getBackground().getFills()) {
                    if (f.getFill() instanceof Color c && c.getOpacity() > 0) {
                        fill = c;
                        break search;
                    }
                }
            }
        }
        if (fill == Color.WHITE && figure.getScene() != null && figure.getScene().getFill() instanceof Color c
                && c.getOpacity() > 0) {
            fill = c;
        }
        figure.setBackground(new Background(new BackgroundFill(fill, null, null)));
        return figure;
    }

    private static void write(WritableImage image, Path file) throws IOException {
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("No PNG writer available to write " + file);
        }
    }
}
