import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws SeqLab's icon: a recurrent cell unrolled over three time steps (inputs below, outputs above,
 * the hidden state passed left to right), with the middle step highlighted as the debugger's cursor.
 * Drawn as vectors at every size, so small icons stay sharp.
 *
 * <p>Run from the repository root: {@code java assets/make-icons.java}. It writes
 * {@code assets/seqlab-icon-256.png} and the window icons the app loads from
 * {@code src/main/resources/org/seqlab/ui/shell/}.
 */
public class MakeIcons {

    private static final Color TOP = new Color(0x4263EB);
    private static final Color BOTTOM = new Color(0x1E2A78);
    private static final Color CELL = new Color(0xF8F9FA);
    private static final Color CURSOR = new Color(0xFFB020);
    private static final Color WIRE = new Color(255, 255, 255, 215);

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        write(256, Path.of("assets/seqlab-icon-256.png"));
        Path resources = Path.of("src/main/resources/org/seqlab/ui/shell");
        Files.createDirectories(resources);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            write(size, resources.resolve("seqlab-icon-" + size + ".png"));
        }
    }

    private static void write(int size, Path file) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(size / 256.0, size / 256.0);
        draw(g);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        System.out.println("wrote " + file);
    }

    /** A filled arrow head with its tip at (x, y), pointing along the unit direction (dx, dy). */
    private static Path2D arrowHead(double x, double y, double dx, double dy) {
        double length = 14;
        double half = 10;
        Path2D head = new Path2D.Double();
        head.moveTo(x, y);
        head.lineTo(x - dx * length - dy * half, y - dy * length + dx * half);
        head.lineTo(x - dx * length + dy * half, y - dy * length - dx * half);
        head.closePath();
        return head;
    }

    /** The icon on a 256 x 256 canvas. */
    private static void draw(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, TOP, 0, 256, BOTTOM));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));

        double[] centers = {60, 128, 196};
        double cell = 46;
        double cy = 128;
        g.setStroke(new BasicStroke(9, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double cx : centers) {
            g.setColor(WIRE);
            g.draw(new Line2D.Double(cx, cy + cell / 2, cx, 196));           // input x_t
            g.fill(new Ellipse2D.Double(cx - 10, 192, 20, 20));
            g.draw(new Line2D.Double(cx, cy - cell / 2, cx, 62));            // output y_t
            g.fill(arrowHead(cx, 44, 0, -1));
        }
        for (int i = 0; i + 1 < centers.length; i++) {                     // hidden state h_t
            double x0 = centers[i] + cell / 2 + 2;
            double x1 = centers[i + 1] - cell / 2 - 3;
            g.setColor(WIRE);
            g.draw(new Line2D.Double(x0, cy, x1 - 8, cy));
            g.fill(arrowHead(x1, cy, 1, 0));
        }
        for (int i = 0; i < centers.length; i++) {
            g.setColor(i == 1 ? CURSOR : CELL);
            g.fill(new RoundRectangle2D.Double(centers[i] - cell / 2, cy - cell / 2, cell, cell, 14, 14));
        }
    }
}
