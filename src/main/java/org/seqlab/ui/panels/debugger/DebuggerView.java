package org.seqlab.ui.panels.debugger;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.WatchValue;
import org.seqlab.ui.i18n.I18n;

/** The debugger bar (commands, scrubber, position, breakpoints, watches) and the trace list. */
public final class DebuggerView {

    private final DebuggerViewModel vm;
    private final I18n i18n;
    private boolean updating;

    public DebuggerView(DebuggerViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
    }

    /** Installs F11, F10, Shift+F11, Ctrl+Left and F5 on {@code scene}. */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F11), vm::step);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F10), vm::stepOver);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F11, KeyCombination.SHIFT_DOWN), vm::stepOut);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHORTCUT_DOWN), vm::stepBack);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), vm::runToBreakpoint);
    }

    /** The bar under the window's centre. */
    public Region buildBar() {
        HBox buttons = new HBox(4,
                button("debugger-step-back", "debugger.stepBack", "debugger.stepBack.tooltip", "Ctrl+Left", vm::stepBack),
                button("debugger-step", "debugger.step", "debugger.step.tooltip", "F11", vm::step),
                button("debugger-step-over", "debugger.stepOver", "debugger.stepOver.tooltip", "F10", vm::stepOver),
                button("debugger-step-out", "debugger.stepOut", "debugger.stepOut.tooltip", "Shift+F11", vm::stepOut),
                button("debugger-run", "debugger.run", "debugger.run.tooltip", "F5", vm::runToBreakpoint),
                button("debugger-end-of-phase", "debugger.endOfPhase", "debugger.endOfPhase.tooltip", null, vm::runToEndOfPhase));
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label phase = new Label();
        phase.setId("debugger-phase");
        phase.getStyleClass().add("debugger-phase");
        phase.textProperty().bind(Bindings.createStringBinding(vm::phaseText, vm.cursorProperty(),
                i18n.languageProperty()));
        phase.setMinWidth(Region.USE_PREF_SIZE);
        Label position = new Label();
        position.setId("debugger-position");
        position.textProperty().bind(Bindings.createStringBinding(vm::positionText, vm.cursorProperty(),
                i18n.languageProperty()));
        position.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(12, buttons, phase, position);
        top.setAlignment(Pos.CENTER_LEFT);

        Slider scrubber = new Slider(0, 1, 0);
        scrubber.setId("debugger-scrubber");
        scrubber.setMaxWidth(Double.MAX_VALUE);
        scrubber.disableProperty().bind(vm.lockedProperty());
        vm.cursorProperty().addListener((obs, o, c) -> {
            updating = true;
            scrubber.setMax(c == null ? 1 : Math.max(1, c.trace().size() - 1));
            scrubber.setValue(c == null ? 0 : c.position());
            updating = false;
        });
        scrubber.valueProperty().addListener((obs, o, n) -> {
            Cursor c = vm.cursorProperty().get();
            int index = (int) Math.round(n.doubleValue());
            if (!updating && c != null && index != c.position()) {
                vm.seek(index);
            }
        });
        Tooltip scrubTip = new Tooltip();
        scrubTip.textProperty().bind(i18n.text("debugger.scrubber.tooltip"));
        scrubber.setTooltip(scrubTip);

        TextField pattern = new TextField();
        pattern.setId("debugger-breakpoint");
        pattern.textProperty().bindBidirectional(vm.breakpointPatternProperty());
        pattern.promptTextProperty().bind(i18n.text("debugger.breakpoint.prompt"));
        pattern.setPrefColumnCount(19);
        pattern.setOnAction(e -> vm.runToBreakpoint());
        CheckBox nonFinite = new CheckBox();
        nonFinite.setId("debugger-break-nonfinite");
        nonFinite.textProperty().bind(i18n.text("debugger.breakpoint.nonFinite"));
        nonFinite.selectedProperty().bindBidirectional(vm.breakOnNonFiniteProperty());
        CheckBox gradNorm = new CheckBox();
        gradNorm.setId("debugger-break-gradnorm");
        gradNorm.textProperty().bind(i18n.text("debugger.breakpoint.gradientNorm"));
        gradNorm.selectedProperty().bindBidirectional(vm.breakOnGradientNormProperty());
        TextField threshold = new TextField(String.valueOf(vm.gradientNormThresholdProperty().get()));
        threshold.setId("debugger-gradnorm-threshold");
        threshold.setPrefColumnCount(5);
        threshold.textProperty().addListener((obs, o, n) -> {
            try {
                vm.gradientNormThresholdProperty().set(Double.parseDouble(n.trim()));
            } catch (NumberFormatException ex) {
                vm.gradientNormThresholdProperty().set(Double.NaN);
            }
        });
        Label message = new Label();
        message.setId("debugger-message");
        message.textProperty().bind(vm.messageProperty());
        HBox breakpoints = new HBox(8, label("debugger.breakpoint"), pattern, nonFinite, gradNorm, threshold, message);
        breakpoints.setAlignment(Pos.CENTER_LEFT);

        VBox bar = new VBox(6, top, scrubber, breakpoints);
        bar.setId("debugger-bar");
        bar.getStyleClass().add("debugger-bar");
        return bar;
    }

    /** The trace list: one line per event; clicking one seeks there. */
    public Region buildTraceList() {
        ListView<TraceEvent> list = new ListView<>(vm.events());
        list.setId("debugger-trace");
        list.setCellFactory(lv -> new TraceCell());
        i18n.languageProperty().addListener((obs, o, n) -> list.refresh()); // the phase column is translated
        list.getStyleClass().add("trace-list");
        Label placeholder = new Label();
        placeholder.textProperty().bind(i18n.text("debugger.position.none"));
        list.setPlaceholder(placeholder);
        vm.cursorProperty().addListener((obs, o, c) -> {
            if (c != null && list.getSelectionModel().getSelectedIndex() != c.position()) {
                updating = true;
                list.getSelectionModel().select(c.position());
                list.scrollTo(Math.max(0, c.position() - 5));
                updating = false;
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((obs, o, n) -> {
            Cursor c = vm.cursorProperty().get();
            if (!updating && c != null && n.intValue() >= 0 && n.intValue() != c.position()) {
                vm.seek(n.intValue());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);

        TextField watchField = new TextField();
        watchField.setId("debugger-watch-field");
        watchField.promptTextProperty().bind(i18n.text("debugger.watch.prompt"));
        watchField.setOnAction(e -> {
            vm.addWatch(watchField.getText());
            watchField.clear();
        });
        ListView<WatchValue> watches = new ListView<>(vm.watchValues());
        watches.setId("debugger-watches");
        watches.setPrefHeight(90);
        watches.setMinHeight(60);
        watches.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(WatchValue w, boolean empty) {
                super.updateItem(w, empty);
                if (empty || w == null) {
                    setText(null);
                } else if (!w.found()) {
                    setText(i18n.format("debugger.watch.notReached", w.watch().pattern()));
                } else {
                    var s = w.stats();
                    setText(i18n.format("debugger.watch.value", w.event().label(), fmt(s.min()), fmt(s.max()),
                            fmt(s.mean()), fmt(s.norm())));
                }
            }
        });
        VBox box = new VBox(4, label("debugger.trace"), list, label("debugger.watches"), watchField, watches);
        box.setId("trace-area");
        box.getStyleClass().add("trace-area");
        return box;
    }

    /** One event: index, phase, op and label in aligned columns (fixed widths, whatever the font). */
    private final class TraceCell extends ListCell<TraceEvent> {
        private final Label index = column(44, "trace-index");
        private final Label phase = column(84, "trace-phase");
        private final Label op = column(112, "trace-op");
        private final Label label = new Label();
        private final HBox row = new HBox(8, index, phase, op, label);

        TraceCell() {
            index.setAlignment(Pos.CENTER_RIGHT);
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(TraceEvent e, boolean empty) {
            super.updateItem(e, empty);
            setText(null);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            index.setText(Integer.toString(e.index() + 1));
            phase.setText(i18n.get(e.phase() == org.seqlab.autograd.Phase.FORWARD ? "debugger.trace.forward"
                    : "debugger.trace.backward"));
            op.setText(e.op());
            label.setText(e.label());
            setGraphic(row);
        }

        private static Label column(double width, String style) {
            Label l = new Label();
            l.setMinWidth(width);
            l.setPrefWidth(width);
            l.getStyleClass().add(style);
            return l;
        }
    }

    private static String fmt(double x) {
        return String.format("%.3g", x);
    }

    private Button button(String id, String key, String tipKey, String shortcut, Runnable action) {
        Button b = new Button();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.disableProperty().bind(vm.cursorProperty().isNull().or(vm.lockedProperty()));
        Tooltip tip = new Tooltip();
        if (shortcut == null) {
            tip.textProperty().bind(i18n.text(tipKey));
        } else {
            tip.textProperty().bind(i18n.text("debugger.tooltip.shortcut", i18n.text(tipKey),
                    new javafx.beans.property.SimpleStringProperty(shortcut)));
        }
        b.setTooltip(tip);
        return b;
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
