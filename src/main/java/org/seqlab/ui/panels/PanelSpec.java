package org.seqlab.ui.panels;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A panel in the {@link PanelRegistry}: its id (what a lesson names to open it: {@code attention}), the
 * message key of its title, and the factory that builds it for a window.
 */
public record PanelSpec(String id, String titleKey, Function<PanelContext, Panel> factory) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

    public PanelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(titleKey, "titleKey");
        Objects.requireNonNull(factory, "factory");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A panel id is lower-case letters, digits and '-', starting with a"
                    + " letter; found \"" + id + "\"");
        }
    }

    public Panel create(PanelContext context) {
        return Objects.requireNonNull(factory.apply(context), () -> "panel factory of " + id + " returned null");
    }
}
