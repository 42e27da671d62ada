package org.seqlab.ui.panels;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;

/**
 * What every panel of the registry sees of the window, read-only: the language, the one task executor, the
 * current {@link DebugSession} (null until the first recording has finished), a revision that changes after
 * every successful recording (the session object stays the same when it re-records on a new input), the
 * debugger's cursor, and the input tokens (one string per input position, for axis labels).
 *
 * <p>A panel reads {@code session().get().recording()} when {@code revision} changes, hands the work of
 * turning it into numbers to the executor, and shows the result; when the cursor moves it only re-renders
 * (it may not compute on the FX thread). The executor has one worker, so a panel's task never runs at the
 * same time as a recording.
 *
 * @param modelName the template (or model) name the session was made from, for titles and for panels that
 *     record variants of the model (the gates panel's compare mode)
 */
public record PanelContext(
        I18n i18n,
        TaskExecutor executor,
        ReadOnlyObjectProperty<DebugSession> session,
        ReadOnlyIntegerProperty revision,
        ReadOnlyObjectProperty<Cursor> cursor,
        ReadOnlyObjectProperty<List<String>> tokens,
        ReadOnlyObjectProperty<String> modelName) {

    public PanelContext {
        Objects.requireNonNull(i18n, "i18n");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(modelName, "modelName");
    }
}
