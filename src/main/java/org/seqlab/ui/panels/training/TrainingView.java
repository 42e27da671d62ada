package org.seqlab.ui.panels.training;

import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.seqlab.lesson.Experiment;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.fx.Spinners;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.training.TrainingViewModel.Phase;
import org.seqlab.ui.viz.SeriesChart;

/**
 * The training dashboard's nodes: a control bar (experiment, steps, a learning rate to set while it trains, Train,
 * Pause / Resume, One step, Stop, Save checkpoint), a progress bar with the run's status line, and the figure: the
 * model and data line, the latest held-out figures, the loss per step (with its smoothed curve and the held-out
 * loss) and the global gradient norm before and after clipping on a log scale. Re-renders only; the numbers come
 * from the {@link TrainingViewModel}.
 */
public final class TrainingView {

    /** The panel's stylesheet, beside the package in the resources. */
    static final String STYLESHEET = "/org/seqlab/ui/panels/training/training.css";
    /** The longest run the steps field takes. */
    static final int MAX_STEPS = 1_000_000;

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final TrainingViewModel model;
    private final I18n i18n;
    private final BorderPane root = new BorderPane();
    private final VBox figure = new VBox(4);
    private final ComboBox<Experiment> experiment = new ComboBox<>();
    private final Spinner<Integer> steps = new Spinner<>();
    private final TextField rate = new TextField();
    private final Button start = new Button();
    private final Button pause = new Button();
    private final Button step = new Button();
    private final Button stop = new Button();
    private final Button save = new Button();
    private final ProgressBar progress = new ProgressBar();
    private final SeriesChart loss;
    private final SeriesChart norms;

    public TrainingView(TrainingViewModel model, I18n i18n) {
        this.model = model;
        this.i18n = i18n;
        loss = new SeriesChart(i18n);
        loss.setId("training-loss");
        norms = new SeriesChart(i18n);
        norms.setId("training-norms");
        experiment.setId("training-experiment");
        steps.setId("training-steps");
        start.setId("training-start");
        pause.setId("training-pause");
        step.setId("training-step");
        stop.setId("training-stop");
        save.setId("training-save");
        progress.setId("training-progress");

        experiment.getItems().setAll(model.experiments());
        experiment.valueProperty().bindBidirectional(model.experimentProperty());
        experiment.setCellFactory(list -> new ExperimentCell());
        experiment.setButtonCell(new ExperimentCell());
        experiment.setPrefWidth(330);
        experiment.setTooltip(tooltip("training.experiment.tooltip"));
        Label experimentLabel = label("training.experiment");
        experimentLabel.setLabelFor(experiment);

        SpinnerValueFactory.IntegerSpinnerValueFactory values =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, MAX_STEPS, (int) model.stepsProperty().get(),
                        100);
        steps.setValueFactory(values);
        steps.setEditable(true);
        Spinners.forgivingIntegers(steps);
        steps.setPrefWidth(100);
        values.valueProperty().addListener((obs, o, n) -> {
            if (n != null) {
                model.stepsProperty().set(n);
            }
        });
        model.stepsProperty().addListener((obs, o, n) -> values.setValue((int) Math.min(MAX_STEPS, n.longValue())));
        Label stepsLabel = label("training.steps");
        stepsLabel.setLabelFor(steps);

        start.textProperty().bind(i18n.text("training.start"));
        start.setTooltip(tooltip("training.start.tooltip"));
        start.getStyleClass().add("accent");
        start.setOnAction(e -> model.start());
        pause.textProperty().bind(Bindings.createStringBinding(() -> i18n.get(
                model.phaseProperty().get() == Phase.PAUSED ? "training.resume" : "training.pause"),
                model.phaseProperty(), i18n.languageProperty()));
        pause.setOnAction(e -> {
            if (model.phaseProperty().get() == Phase.PAUSED) {
                model.resume();
            } else {
                model.pause();
            }
        });
        step.textProperty().bind(i18n.text("training.step"));
        step.setTooltip(tooltip("training.step.tooltip"));
        step.setOnAction(e -> model.stepOnce());
        stop.textProperty().bind(i18n.text("training.stop"));
        stop.setOnAction(e -> model.stop());
        save.textProperty().bind(i18n.text("training.save"));
        save.setTooltip(tooltip("training.save.tooltip"));
        save.setOnAction(e -> chooseAndSave());

        BooleanBinding active = Bindings.createBooleanBinding(() -> model.phaseProperty().get().active(),
                model.phaseProperty());
        BooleanBinding running = model.phaseProperty().isEqualTo(Phase.RUNNING);
        BooleanBinding paused = model.phaseProperty().isEqualTo(Phase.PAUSED);
        experiment.disableProperty().bind(active);
        steps.disableProperty().bind(active);
        start.disableProperty().bind(active);
        pause.disableProperty().bind(running.or(paused).not());
        step.disableProperty().bind(paused.not());
        rate.disableProperty().bind(running.or(paused).not());
        stop.disableProperty().bind(running.or(paused).not());
        save.disableProperty().bind(Bindings.createBooleanBinding(() -> !saveable(model.phaseProperty().get()),
                model.phaseProperty()));

        HBox.setHgrow(experiment, Priority.ALWAYS);
        experiment.setMaxWidth(520);
        rate.setId("training-rate");
        rate.setPrefColumnCount(7);
        rate.promptTextProperty().bind(i18n.text("training.lr.prompt"));
        rate.setTooltip(tooltip("training.lr.tooltip"));
        rate.setOnAction(e -> model.setLearningRate(rate.getText()));
        Label rateLabel = label("training.lr");
        rateLabel.setLabelFor(rate);
        HBox choice = new HBox(8, experimentLabel, experiment, stepsLabel, steps, rateLabel, rate);
        choice.setAlignment(Pos.CENTER_LEFT);
        for (Button b : new Button[] {start, pause, step, stop, save}) {
            b.setMinWidth(Region.USE_PREF_SIZE);   // a button keeps its whole word; the progress bar gives way
        }
        progress.progressProperty().bind(model.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setMinWidth(80);
        progress.setPrefWidth(260);
        HBox.setHgrow(progress, Priority.ALWAYS);
        HBox actions = new HBox(8, start, pause, step, stop, save, progress);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("training-status");
        status.getStyleClass().add("training-status");
        status.textProperty().bind(model.statusProperty());
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        VBox controls = new VBox(6, choice, actions, status);
        controls.setPadding(new Insets(6, 8, 2, 8));

        Label about = new Label();
        about.setId("training-about");
        about.textProperty().bind(model.aboutProperty());
        Label heldOut = new Label();
        heldOut.setId("training-heldout");
        heldOut.textProperty().bind(model.heldOutProperty());
        Label message = new Label();
        message.setId("training-message");
        message.getStyleClass().add("training-message");
        message.textProperty().bind(model.messageProperty());
        message.setWrapText(true);
        model.failedProperty().addListener((obs, o, bad) -> message.pseudoClassStateChanged(FAILED, bad));
        for (Label l : new Label[] {about, heldOut, message}) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());   // an empty line takes no room
            l.visibleProperty().bind(l.managedProperty());
            l.setMinHeight(Region.USE_PREF_SIZE);
        }

        loss.dataProperty().bind(model.lossProperty());
        norms.dataProperty().bind(model.normsProperty());
        loss.emptyTextProperty().bind(i18n.text("training.loss.none"));
        norms.emptyTextProperty().bind(i18n.text("training.norm.none"));
        for (SeriesChart c : new SeriesChart[] {loss, norms}) {
            c.setMaxWidth(Double.MAX_VALUE);
            c.setMaxHeight(Double.MAX_VALUE);
            c.setPrefWidth(400);
            HBox.setHgrow(c, Priority.ALWAYS);
        }
        HBox charts = new HBox(10, loss, norms);
        VBox.setVgrow(charts, Priority.ALWAYS);
        figure.getChildren().addAll(about, heldOut, message, charts);
        figure.setPadding(new Insets(2, 8, 8, 8));
        figure.getStyleClass().add("training-figure");
        root.setTop(controls);
        root.setCenter(figure);
        root.getStyleClass().add("training-panel");
        root.getStylesheets().add(TrainingView.class.getResource(STYLESHEET).toExternalForm());
        i18n.languageProperty().addListener(obs -> {
            experiment.setButtonCell(new ExperimentCell());   // re-word the chosen experiment's title
            experiment.setCellFactory(list -> new ExperimentCell());
        });
    }

    private static boolean saveable(Phase p) {
        return p == Phase.PAUSED || p == Phase.FINISHED || p == Phase.STOPPED;
    }

    private void chooseAndSave() {
        if (!model.canSave()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(i18n.get("training.save.chooser"));
        File folder = chooser.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (folder != null) {
            model.saveCheckpoint(folder.toPath());
        }
    }

    public Region root() {
        return root;
    }

    /** The figure (the run's lines and both charts, without the controls) on the background it is seen on. */
    public Region figureForExport() {
        return Snapshots.withSeenBackground(figure);
    }

    public SeriesChart lossChart() {
        return loss;
    }

    public SeriesChart normsChart() {
        return norms;
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    private Tooltip tooltip(String key) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(i18n.text(key));
        t.setWrapText(true);
        t.setMaxWidth(420);
        return t;
    }

    /** An experiment as "07 GPT: generate text …" in the current language. */
    private final class ExperimentCell extends ListCell<Experiment> {
        @Override
        protected void updateItem(Experiment e, boolean empty) {
            super.updateItem(e, empty);
            Locale locale = i18n.getLanguage().locale();
            setText(empty || e == null ? null : e.id() + "  " + e.title().in(locale));
        }
    }
}
