package org.seqlab.ui.panels;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.seqlab.AtomicFile;

/**
 * Writes a panel's figure (PNG) and numbers (CSV), each atomically: a file already there is replaced only by a
 * complete new one. Call on the FX application thread (the figure is a snapshot of a node).
 */
public final class PanelExport {

    private PanelExport() {
    }

    /** A picture of the panel's {@linkplain Panel#figure() figure}. */
    public static void writePng(Panel panel, Path file) throws IOException {
        WritableImage image = panel.figure().snapshot(null, null);
        var buffered = SwingFXUtils.fromFXImage(image, null);
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(buffered, "png", Channels.newOutputStream(out))) {
                throw new IOException("No PNG writer available to write " + file);
            }
        });
    }

    /** The panel's {@linkplain Panel#csv() numbers}, UTF-8. */
    public static void writeCsv(Panel panel, Path file) throws IOException {
        AtomicFile.writeString(file, panel.csv());
    }
}
