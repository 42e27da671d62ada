package org.seqlab.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

/** The app's two looks, both AtlantaFX themes; the View menu switches between them live. */
public enum Theme {
    LIGHT("menu.view.light"),
    DARK("menu.view.dark");

    private final String nameKey;

    Theme(String nameKey) {
        this.nameKey = nameKey;
    }

    /** The bundle key of the menu item that selects this theme. */
    public String nameKey() {
        return nameKey;
    }

    /**
     * The user-agent stylesheet that paints every control in this theme: the build's copy of AtlantaFX's, which
     * has its binary form beside it ({@link ThemeStylesheets}), or AtlantaFX's own when there is no copy.
     */
    public String userAgentStylesheet() {
        String copy = ThemeStylesheets.copyOf(this);
        return Theme.class.getResource(copy) != null ? copy : atlantaFxStylesheet();
    }

    /** AtlantaFX's stylesheet for this theme, as a classpath resource. */
    String atlantaFxStylesheet() {
        return this == DARK ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet();
    }
}
