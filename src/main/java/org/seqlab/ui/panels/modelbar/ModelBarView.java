package org.seqlab.ui.panels.modelbar;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.seqlab.autograd.DType;
import org.seqlab.model.graph.PortKind;
import org.seqlab.ui.fx.Spinners;
import org.seqlab.ui.i18n.I18n;

/**
 * The model and input bar: template, input text (Enter re-records), the target where the model takes one, seed,
 * dtype and one error line.
 */
public final class ModelBarView {

    private final ModelBarViewModel vm;
    private final I18n i18n;

    public ModelBarView(ModelBarViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
    }

    public Region build() {
        ComboBox<String> template = new ComboBox<>();
        template.setId("modelbar-template");
        template.getItems().setAll(vm.templateNames());
        template.valueProperty().bindBidirectional(vm.templateProperty());
        template.setOnAction(e -> vm.record());

        TextField text = new TextField();
        text.setId("modelbar-text");
        text.textProperty().bindBidirectional(vm.textProperty());
        text.setOnAction(e -> vm.record());
        text.setPrefColumnCount(24);
        HBox.setHgrow(text, Priority.ALWAYS);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(i18n.text("modelbar.text.tooltip"));
        text.setTooltip(tip);

        TextField target = new TextField();
        target.setId("modelbar-target");
        target.textProperty().bindBidirectional(vm.targetProperty());
        target.setOnAction(e -> vm.record());
        target.setPrefColumnCount(14);
        HBox.setHgrow(target, Priority.SOMETIMES);
        target.promptTextProperty().bind(Bindings.createStringBinding(() -> {
            PortKind kind = vm.targetKindProperty().get();
            if (kind == null) {
                return "";
            }
            return switch (kind) {
                case LABELS -> i18n.get("modelbar.target.labels");
                case TAGS -> i18n.get("modelbar.target.tags");
                default -> i18n.get("modelbar.target.tokens");
            };
        }, vm.targetKindProperty(), i18n.languageProperty()));
        Tooltip targetTip = new Tooltip();
        targetTip.textProperty().bind(i18n.text("modelbar.target.tooltip"));
        target.setTooltip(targetTip);
        Label targetLabel = label("modelbar.target");
        for (Node n : new Node[] {targetLabel, target}) {
            n.visibleProperty().bind(vm.targetKindProperty().isNotNull());
            n.managedProperty().bind(n.visibleProperty());
        }

        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, vm.seedProperty().get());
        seed.setId("modelbar-seed");
        seed.setEditable(true);
        Spinners.forgivingIntegers(seed);
        seed.setPrefWidth(90);
        seed.valueProperty().addListener((obs, o, n) -> {
            vm.seedProperty().set(n);
            vm.record();
        });

        ComboBox<DType> dtype = new ComboBox<>();
        dtype.setId("modelbar-dtype");
        dtype.getItems().setAll(DType.FLOAT32, DType.FLOAT64);
        dtype.valueProperty().bindBidirectional(vm.dtypeProperty());
        dtype.setOnAction(e -> vm.record());

        Label busy = new Label();
        busy.setId("modelbar-busy");
        busy.textProperty().bind(i18n.text("modelbar.recording"));
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(vm.busyProperty());

        HBox row = new HBox(8, label("modelbar.template"), template, label("modelbar.text"), text,
                targetLabel, target, label("modelbar.seed"), seed, label("modelbar.dtype"), dtype, busy);
        row.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("modelbar-error");
        error.textProperty().bind(vm.errorProperty());
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty()));
        error.managedProperty().bind(error.visibleProperty());

        VBox box = new VBox(4, row, error);
        box.setId("modelbar");
        box.getStyleClass().add("modelbar");
        return box;
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
