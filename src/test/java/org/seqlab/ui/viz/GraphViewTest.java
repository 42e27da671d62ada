package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.TemplateTraces;
import org.seqlab.debug.TraceGraph;
import org.seqlab.debug.TraceGraph.Magnitude;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.skin.GraphViewSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The graph view as a learner uses it, headless (Monocle), on a real char-lstm-lm recording.
 *
 * <p>Run with {@code -Dseqlab.screenshots=DIR} to also write PNGs of char-lstm-lm and
 * transformer-seq2seq at several levels into DIR, to look at.
 */
@ExtendWith(ApplicationExtension.class)
class GraphViewTest {

    private static final PseudoClass CURSOR = PseudoClass.getPseudoClass("cursor");
    private static TraceGraph lstm;

    private Stage stage;
    private I18n i18n;
    private GraphView view;

    @BeforeAll
    static void record() {
        lstm = TemplateTraces.of("char-lstm-lm").graph();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        i18n = new I18n(Language.ENGLISH);
        view = new GraphView(i18n, new SameThreadTaskExecutor(), lstm);
        Scene scene = new Scene(view, 1200, 520);
        scene.getStylesheets().add(Objects.requireNonNull(GraphViewTest.class
                .getResource("/org/seqlab/ui/shell/seqlab.css")).toExternalForm());
        stage.setScene(scene);
        stage.sizeToScene(); // the primary stage is shared: an earlier test may have given it another size
        stage.show();
    }

    private boolean allBoxesInView() {
        Bounds viewport = view.localToScene(view.getLayoutBounds());
        return skin().boxes().values().stream().allMatch(b -> viewport.contains(b.localToScene(b.getLayoutBounds())));
    }

    private GraphViewSkin skin() {
        return (GraphViewSkin) view.getSkin();
    }

    private Region box(String path) {
        Region r = skin().boxes().get(path);
        assertThat(r).as("box %s among %s", path, skin().boxes().keySet()).isNotNull();
        return r;
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    private static void fx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static List<String> texts(Region box) {
        return box.lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList();
    }

    private int event(String label, String op, Phase phase) {
        return lstm.trace().events().stream().filter(e -> e.label().equals(label) && e.op().equals(op))
                .filter(e -> e.phase() == phase).mapToInt(TraceEvent::index).findFirst().orElseThrow();
    }

    // ---- drawing --------------------------------------------------------------------------------------------

    @Test
    void drawsEveryBoxOfTheTopLevelWithItsNameAndOpCount() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(skin().boxes().keySet()).containsExactlyInAnyOrderElementsOf(
                lstm.topLevel().nodes().stream().map(TraceGraph.Node::path).toList());
        assertThat(texts(box("rnn"))).containsExactly("rnn", "76 ops");
        assertThat(texts(box("encoder"))).containsExactly("encoder", "1 op");
        assertThat(texts(box("input:tokens"))).containsExactly("tokens", "input");
        assertThat(texts(box("parameters:rnn"))).containsExactly("4 parameters");
        assertThat(texts(box("parameters:encoder"))).containsExactly("weight", "parameter");
        // every edge has its shape label
        assertThat(view.lookupAll(".graph-edge")).hasSize(lstm.topLevel().edges().size());
        assertThat(view.lookupAll(".graph-edge-label").stream().map(n -> ((Label) n).getText()))
                .contains("(1,4,32)", "(1,4,64)", "(1,4,100)", "4 tensors");
        assertNothingOverlaps();
    }

    @Test
    void theWholeGraphIsInViewAndReadsLeftToRight() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        // the view fits the graph on the pulse after its first layout; on a loaded machine that pulse can come
        // after waitForFxEvents: wait for it (at most 5 s), then assert every box
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(this::allBoxesInView));
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertions below name the box that is out of view
        }
        Bounds viewport = view.localToScene(view.getLayoutBounds());
        for (Region b : skin().boxes().values()) {
            Bounds s = b.localToScene(b.getLayoutBounds());
            assertThat(viewport.contains(s)).as("box %s inside the view", b.getProperties().get(GraphViewSkin.NODE_KEY))
                    .isTrue();
        }
        double encoder = box("encoder").getLayoutX();
        double rnn = box("rnn").getLayoutX();
        double decoder = box("decoder").getLayoutX();
        double loss = box("loss").getLayoutX();
        assertThat(encoder).isLessThan(rnn);
        assertThat(rnn).isLessThan(decoder);
        assertThat(decoder).isLessThan(loss);
    }

    @Test
    void clickingABlockOpensItAndClickingItsTitleClosesIt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        TraceGraph.Node rnn = lstm.find("rnn").orElseThrow();
        robot.clickOn(box("rnn"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.getView().isExpanded(rnn)).isTrue();
        assertThat(skin().frames()).containsKey("rnn");
        assertThat(skin().boxes()).containsKeys("rnn/l0", "rnn/h_n", "rnn/c_n", "rnn#76").doesNotContainKey("rnn");
        assertThat(texts(box("rnn/l0"))).containsExactly("l0", "71 ops");
        assertNothingOverlaps();
        // what was clicked stays where it was: the frame opens where the box was
        robot.clickOn(box("rnn/l0"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(skin().boxes()).containsKeys("rnn/l0/t0", "rnn/l0/t3");
        assertThat(view.lookupAll(".graph-edge-label").stream().map(n -> ((Label) n).getText()))
                .contains("2 × (1,64)");
        assertNothingOverlaps();

        fx(() -> skin().fit());
        Region title = (Region) skin().frames().get("rnn").lookup(".graph-frame-title");
        robot.clickOn(title);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getView().isExpanded(rnn)).isFalse();
        assertThat(skin().frames()).isEmpty();
        assertThat(skin().boxes()).containsKey("rnn");
        // an op is not a block: clicking it changes nothing
        fx(() -> view.setView(lstm.topLevel().expand(lstm.find("decoder").orElseThrow())));
        TraceGraph.View before = view.getView();
        robot.clickOn(box("decoder#78"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getView()).isSameAs(before);
    }

    @Test
    void theCursorsBoxIsHighlightedAndFollowsTheCursorAndTheLevel() throws Exception {
        int forget = event("rnn/l0/t3/forget_gate", "sigmoid", Phase.FORWARD);
        int forgetBackward = event("rnn/l0/t3/forget_gate", "sigmoid", Phase.BACKWARD);
        int decoder = event("decoder", "matmul", Phase.FORWARD);

        fx(() -> view.setCursorEvent(forget));
        assertThat(box("rnn").getPseudoClassStates()).contains(CURSOR);
        assertThat(cursorBoxes()).hasSize(1);

        fx(() -> view.setCursorEvent(decoder));
        assertThat(box("decoder").getPseudoClassStates()).contains(CURSOR);
        assertThat(box("rnn").getPseudoClassStates()).doesNotContain(CURSOR);

        fx(() -> view.setCursorEvent(forgetBackward));
        assertThat(box("rnn").getPseudoClassStates()).contains(CURSOR);
        fx(() -> view.setView(view.getView().expand(lstm.find("rnn/l0").orElseThrow())));
        assertThat(box("rnn/l0/t3").getPseudoClassStates()).contains(CURSOR);
        assertThat(cursorBoxes()).hasSize(1);

        fx(() -> view.setCursorEvent(-1));
        assertThat(cursorBoxes()).isEmpty();
    }

    @Test
    void steppingIntoABoxOutOfViewPansItIntoView() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> view.setZoom(GraphView.MAX_ZOOM));   // around the centre: the loss goes off to the right
        Region loss = box("loss");
        assertThat(fx(() -> inView(loss))).isFalse();
        int lossEvent = event("loss", "cross_entropy", Phase.FORWARD);
        fx(() -> view.setCursorEvent(lossEvent));
        assertThat(fx(() -> inView(loss))).isTrue();
        assertThat(view.getZoom()).isEqualTo(GraphView.MAX_ZOOM);
    }

    private boolean inView(Region r) {
        return view.localToScene(view.getLayoutBounds()).contains(r.localToScene(r.getLayoutBounds()));
    }

    /** The highlighted boxes (lookup ignores pseudo-classes in selectors). */
    private List<javafx.scene.Node> cursorBoxes() {
        return view.lookupAll(".graph-node").stream().filter(n -> n.getPseudoClassStates().contains(CURSOR)).toList();
    }

    @Test
    void theHighlightIsDrawnInTheCursorColour() throws Exception {
        int decoder = event("decoder", "matmul", Phase.FORWARD);
        fx(() -> view.setCursorEvent(decoder));
        Region box = box("decoder");
        WritableImage image = fx(() -> view.snapshot(null, null));
        Bounds b = fx(() -> view.sceneToLocal(box.localToScene(box.getLayoutBounds())));
        PixelReader pixels = image.getPixelReader();
        Color cursor = Color.web("#ffb020");
        int y = (int) b.getCenterY();
        boolean found = false;
        for (int x = (int) b.getMinX() - 2; x <= (int) b.getMinX() + 4 && !found; x++) {
            found = close(pixels.getColor(x, y), cursor);
        }
        assertThat(found).as("a pixel of the cursor colour on the left border of the decoder box").isTrue();
    }

    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 0.08 && Math.abs(a.getGreen() - b.getGreen()) < 0.08
                && Math.abs(a.getBlue() - b.getBlue()) < 0.08;
    }

    @Test
    void boxesAreShadedByTheChosenMagnitude() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        // top level: the loss has the largest |value| (4.66) of the blocks, and dL/dL = 1 the largest |gradient|
        assertThat(tint("loss")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tint("input:tokens")).isZero();
        assertThat(view.getStyleClass()).contains("tint-value");
        assertThat(legend()).startsWith("Shade: largest |value|");

        fx(() -> view.setTint(Magnitude.GRADIENT));
        assertThat(view.getStyleClass()).contains("tint-gradient").doesNotContain("tint-value");
        assertThat(tint("loss")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tint("encoder")).isBetween(0.06, 0.5);
        assertThat(legend()).startsWith("Shade: largest |gradient|");

        // inside the layer, the last step gets no gradient (its target is ignored): unshaded
        fx(() -> view.setView(lstm.topLevel().expand(lstm.find("rnn/l0").orElseThrow())));
        assertThat(tint("rnn/l0/t3")).isZero();
        assertThat(tint("rnn/l0/t2")).isPositive();
    }

    private double tint(String path) {
        return box(path).lookup(".graph-node-tint").getOpacity();
    }

    private String legend() {
        return view.lookupAll(".graph-legend .label").stream().map(n -> ((Label) n).getText()).findFirst()
                .orElseThrow();
    }

    @Test
    void scrollingZoomsAndDraggingPans(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        double before = view.getZoom();
        Bounds screen = view.localToScreen(view.getLayoutBounds());
        Point2D empty = new Point2D(screen.getMaxX() - 20, screen.getMinY() + 20);
        scroll(empty, 40);   // the wheel turned away from the user: zoom in
        assertThat(view.getZoom()).isGreaterThan(before);
        scroll(empty, -40);
        scroll(empty, -40);
        assertThat(view.getZoom()).isLessThan(before);

        Bounds rnnBefore = box("rnn").localToScene(box("rnn").getLayoutBounds());
        robot.drag(empty, MouseButton.PRIMARY).moveBy(-60, 30).drop();
        WaitForAsyncUtils.waitForFxEvents();
        Bounds rnnAfter = box("rnn").localToScene(box("rnn").getLayoutBounds());
        assertThat(rnnAfter.getMinX() - rnnBefore.getMinX()).isCloseTo(-60, org.assertj.core.data.Offset.offset(2.0));
        assertThat(rnnAfter.getMinY() - rnnBefore.getMinY()).isCloseTo(30, org.assertj.core.data.Offset.offset(2.0));
        // a drag that starts on a block pans too, and does not open it
        robot.drag(box("rnn"), MouseButton.PRIMARY).moveBy(40, 0).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getView().containers()).isEmpty();

        fx(() -> view.setZoom(100));
        assertThat(view.getZoom()).isEqualTo(GraphView.MAX_ZOOM);
    }

    /** A wheel turn at a point on screen (positive: away from the user), as JavaFX delivers it. */
    private void scroll(Point2D onScreen, double deltaY) throws Exception {
        fx(() -> {
            Region viewport = (Region) view.lookup(".graph-viewport");
            Point2D scene = view.getScene().getRoot().screenToLocal(onScreen);
            javafx.event.Event.fireEvent(viewport, new ScrollEvent(ScrollEvent.SCROLL, scene.getX(), scene.getY(),
                    onScreen.getX(), onScreen.getY(), false, false, false, false, false, false, 0, deltaY, 0, deltaY,
                    ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0,
                    null));
        });
    }

    @Test
    void layoutRunsInTheBackgroundAndTheDrawingAppearsWhenItArrives(FxRobot robot) throws Exception {
        FxTaskExecutor executor = new FxTaskExecutor();
        try {
            GraphView async = fx(() -> {
                GraphView g = new GraphView(i18n, executor, lstm);
                stage.getScene().setRoot(g);
                return g;
            });
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> shown(async, "rnn")));
            Region rnn = fx(() -> ((GraphViewSkin) async.getSkin()).boxes().get("rnn"));
            robot.clickOn(rnn);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> shown(async, "rnn/l0")));
            assertThat(fx(() -> async.getView().isExpanded(lstm.find("rnn").orElseThrow()))).isTrue();
        } finally {
            executor.close();
        }
    }

    /** Whether a box is drawn: made, and its drawing swapped in (laid out). */
    private static boolean shown(GraphView g, String path) {
        if (!(g.getSkin() instanceof GraphViewSkin skin) || !skin.boxes().containsKey(path)) {
            return false;
        }
        for (javafx.scene.Node n = skin.boxes().get(path); n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void textFollowsTheLanguage() throws Exception {
        fx(() -> i18n.setLanguage(Language.SIMPLIFIED_CHINESE));
        assertThat(texts(box("rnn"))).containsExactly("rnn", "76 个算子");
        assertThat(texts(box("input:tokens"))).containsExactly("tokens", "输入");
        assertNothingOverlaps();
    }

    @Test
    void aNewGraphStartsAtItsTopLevelAndNoGraphShowsANote() throws Exception {
        fx(() -> view.setView(lstm.expandedTo(2)));
        TraceGraph transformer = TemplateTraces.of("transformer-seq2seq").graph();
        fx(() -> view.setGraph(transformer));
        assertThat(view.getView().containers()).isEmpty();
        assertThat(skin().boxes()).containsKeys("transformer", "generator");

        fx(() -> view.setGraph(null));
        assertThat(view.getView()).isNull();
        assertThat(skin().boxes()).isEmpty();
        assertThat(view.lookup(".graph-empty").isVisible()).isTrue();
    }

    @Test
    void aReplacedSkinStopsListening() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        GraphViewSkin old = skin();
        Map<String, Region> oldBoxes = Map.copyOf(old.boxes());
        fx(() -> view.setSkin(new GraphViewSkin(view)));   // disposes the old skin
        int decoder = event("decoder", "matmul", Phase.FORWARD);
        fx(() -> {
            view.setCursorEvent(decoder);
            view.setTint(Magnitude.GRADIENT);
            view.setView(lstm.expandedTo(1));
        });
        assertThat(oldBoxes.get("decoder").getPseudoClassStates()).doesNotContain(CURSOR);
        assertThat(old.boxes()).isEqualTo(oldBoxes);
        assertThat(skin()).isNotSameAs(old);
        assertThat(skin().frames()).containsKey("rnn");
    }

    /** Boxes never overlap each other, and each lies inside the frame of the block it belongs to. */
    private void assertNothingOverlaps() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        List<Map.Entry<String, Region>> all = new ArrayList<>(skin().boxes().entrySet());
        for (int i = 0; i < all.size(); i++) {
            Bounds a = laidOut(all.get(i).getValue());
            for (int j = i + 1; j < all.size(); j++) {
                Bounds b = laidOut(all.get(j).getValue());
                assertThat(a.intersects(b.getMinX() + 1, b.getMinY() + 1, b.getWidth() - 2, b.getHeight() - 2))
                        .as("%s overlaps %s", all.get(i).getKey(), all.get(j).getKey()).isFalse();
            }
        }
        TraceGraph.View v = view.getView();
        for (TraceGraph.Node n : v.nodes()) {
            TraceGraph.Node c = v.container(n);
            if (c != null) {
                Bounds frame = laidOut(skin().frames().get(c.path()));
                assertThat(frame.contains(laidOut(skin().boxes().get(n.path()))))
                        .as("%s inside the frame of %s", n.path(), c.path()).isTrue();
            }
        }
    }

    /** Where layout put a region (its cursor ring and effects aside). */
    private static Bounds laidOut(Region r) {
        return new javafx.geometry.BoundingBox(r.getLayoutX(), r.getLayoutY(), r.getWidth(), r.getHeight());
    }

    // ---- pictures to look at --------------------------------------------------------------------------------

    /** Pictures of both templates at several levels: only with {@code -Dseqlab.screenshots=DIR}. */
    @Test
    void pictures(FxRobot robot) throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        Path folder = Files.createDirectories(Path.of(dir));
        TraceGraph transformer = TemplateTraces.of("transformer-seq2seq").graph();
        fx(() -> {
            stage.setX(0);   // the headless screen is 1280 x 800: the window must fit in it
            stage.setY(0);
            stage.setWidth(1270);
            stage.setHeight(780);
        });
        picture(folder, "lstm-top.png", lstm, lstm.topLevel(), -1, Magnitude.VALUE);
        picture(folder, "lstm-rnn.png", lstm, lstm.topLevel().expand(node(lstm, "rnn")),
                event("rnn/l0/t3/forget_gate", "sigmoid", Phase.FORWARD), Magnitude.VALUE);
        picture(folder, "lstm-steps.png", lstm, lstm.topLevel().expand(node(lstm, "rnn/l0")),
                event("rnn/l0/t1/forget_gate", "sigmoid", Phase.BACKWARD), Magnitude.GRADIENT);
        picture(folder, "lstm-gates.png", lstm, lstm.topLevel().expand(node(lstm, "rnn/l0/t1")),
                event("rnn/l0/t1/forget_gate", "sigmoid", Phase.FORWARD), Magnitude.VALUE);
        picture(folder, "transformer-top.png", transformer, transformer.topLevel(), -1, Magnitude.VALUE);
        picture(folder, "transformer-stack.png", transformer, transformer.topLevel()
                .expand(node(transformer, "transformer")), -1, Magnitude.GRADIENT);
        picture(folder, "transformer-layer.png", transformer, transformer.topLevel()
                .expand(node(transformer, "transformer/encoder/layers/0")), -1, Magnitude.VALUE);
        picture(folder, "transformer-attention.png", transformer, transformer.topLevel()
                .expand(node(transformer, "transformer/decoder/layers/0/self_attn")), -1, Magnitude.VALUE);
        // as a learner gets there: clicking, at the zoom the clicks leave
        clicked(robot, folder, "lstm-clicked.png", lstm, "rnn", "rnn/l0");
        clicked(robot, folder, "transformer-clicked.png", transformer, "transformer", "transformer/encoder");
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
            i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        });
        picture(folder, "lstm-steps-dark-zh.png", lstm, lstm.topLevel().expand(node(lstm, "rnn/l0")),
                event("rnn/l0/t1/forget_gate", "sigmoid", Phase.BACKWARD), Magnitude.GRADIENT);
        fx(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
    }

    private void clicked(FxRobot robot, Path folder, String name, TraceGraph g, String... paths) throws Exception {
        fx(() -> {
            view.setGraph(g);
            view.setCursorEvent(-1);
            view.setTint(Magnitude.VALUE);
        });
        fx(() -> skin().fit());
        for (String p : paths) {
            robot.clickOn(box(p));
            WaitForAsyncUtils.waitForFxEvents();
        }
        fx(() -> {
            try {
                Snapshots.writePng(view, folder.resolve(name));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static TraceGraph.Node node(TraceGraph g, String path) {
        return g.find(path).orElseThrow();
    }

    private void picture(Path folder, String name, TraceGraph g, TraceGraph.View v, int cursor, Magnitude tint)
            throws Exception {
        fx(() -> {
            view.setGraph(g);
            view.setView(v);
            view.setCursorEvent(cursor);
            view.setTint(tint);
        });
        fx(() -> skin().fit());
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            try {
                Snapshots.writePng(view, folder.resolve(name));
                view.setZoom(1);   // the whole drawing at 100 %
                Snapshots.writePng(skin().content(), folder.resolve("full-" + name));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
