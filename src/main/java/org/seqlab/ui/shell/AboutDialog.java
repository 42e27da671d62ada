package org.seqlab.ui.shell;

import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.event.ActionEvent;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.seqlab.ui.i18n.I18n;

/**
 * Help → About: SeqLab's version, the Java and JavaFX runtimes, and the ND4J backend found. The
 * backend line reads "loading…" until the background load finishes, then updates in place. Copy puts
 * the versions on the clipboard for a bug report.
 */
final class AboutDialog {

    private final Window owner;
    private final ShellViewModel viewModel;
    private final I18n i18n;
    private Dialog<Void> dialog;

    AboutDialog(Window owner, ShellViewModel viewModel) {
        this.owner = Objects.requireNonNull(owner);
        this.viewModel = Objects.requireNonNull(viewModel);
        this.i18n = viewModel.i18n();
    }

    void show() {
        if (dialog == null) {
            dialog = build();
        }
        if (dialog.isShowing()) {
            dialog.getDialogPane().getScene().getWindow().requestFocus();
        } else {
            dialog.show();
        }
    }

    private Dialog<Void> build() {
        GridPane facts = new GridPane();
        facts.getStyleClass().add("about-facts");
        ColumnConstraints keys = new ColumnConstraints();
        keys.setHalignment(HPos.RIGHT);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        facts.getColumnConstraints().addAll(keys, values);
        row(facts, 0, "about.seqlab", "about-seqlab-version", constant(viewModel.seqlabVersion()));
        row(facts, 1, "about.java", "about-java-version", constant(viewModel.javaVersion()));
        row(facts, 2, "about.javafx", "about-javafx-version", constant(viewModel.javafxVersion()));
        row(facts, 3, "about.backend", "about-nd4j-backend", viewModel.backendText());

        Label description = new Label();
        description.setId("about-description");
        description.setWrapText(true);
        description.textProperty().bind(i18n.text("about.description"));

        DialogPane pane = new DialogPane();
        pane.setId("about-dialog");
        pane.getStylesheets().add(MainWindow.stylesheet());
        pane.getStyleClass().add("about");
        pane.headerTextProperty().bind(i18n.text("app.title"));
        ImageView logo = new ImageView(MainWindow.icon(64));
        logo.setFitWidth(56);
        logo.setFitHeight(56);
        pane.setGraphic(logo);
        pane.setContent(new VBox(12, description, facts));

        ButtonType copy = new ButtonType("copy", ButtonBar.ButtonData.LEFT);
        ButtonType close = new ButtonType("close", ButtonBar.ButtonData.CANCEL_CLOSE);
        pane.getButtonTypes().addAll(copy, close);
        Button copyButton = (Button) pane.lookupButton(copy);
        copyButton.setId("about-copy");
        copyButton.textProperty().bind(i18n.text("about.copy"));
        copyButton.setMinWidth(Region.USE_PREF_SIZE);
        ButtonBar.setButtonUniformSize(copyButton, false); // as wide as its text in every language
        copyButton.addEventFilter(ActionEvent.ACTION, e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(viewModel.versionReport());
            Clipboard.getSystemClipboard().setContent(content);
            e.consume(); // copying does not close the box
        });
        Button closeButton = (Button) pane.lookupButton(close);
        closeButton.setId("about-close");
        closeButton.textProperty().bind(i18n.text("about.close"));

        Dialog<Void> d = new Dialog<>();
        d.setDialogPane(pane);
        d.initOwner(owner);
        d.initModality(Modality.WINDOW_MODAL);
        d.titleProperty().bind(i18n.text("about.title"));
        d.setResizable(true);
        // texts change length with the language: let the open box grow to fit them
        i18n.languageProperty().addListener((obs, old, language) -> fit(d));
        viewModel.backendText().addListener((obs, old, text) -> fit(d));     // "loading…", then the summary
        return d;
    }

    /** Sizes the open box to its content (its lines are never cut, so it grows to the longest). */
    private static void fit(Dialog<Void> d) {
        if (d.isShowing()) {
            d.getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private void row(GridPane grid, int row, String key, String valueId, ObservableValue<String> value) {
        Label name = new Label();
        name.textProperty().bind(i18n.text(key));
        name.getStyleClass().add("about-key");
        name.setMinWidth(Region.USE_PREF_SIZE);             // never cut: the box grows to the longest line instead
        Label shown = new Label();
        shown.setId(valueId);
        shown.textProperty().bind(value);
        shown.getStyleClass().add("about-value");
        shown.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(row, name, shown);
    }

    private static ReadOnlyStringProperty constant(String value) {
        return new ReadOnlyStringWrapper(value).getReadOnlyProperty();
    }
}
