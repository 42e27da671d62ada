package org.seqlab.ui.fx;

import java.io.IOException;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
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

    private static void write(WritableImage image, Path file) throws IOException {
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("No PNG writer available to write " + file);
        }
    }
}
