package org.seqlab.ui.panels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The panels a window can open, by id, in the order the window shows them (STYLE §17). A lesson opens panels
 * by id; the gallery shows every one. Built once where the app is assembled ({@code ui.shell}); immutable.
 */
public final class PanelRegistry {

    private final Map<String, PanelSpec> specs;

    private PanelRegistry(Map<String, PanelSpec> specs) {
        this.specs = specs;
    }

    /** A registry of {@code specs}, in their order; ids must be unique. */
    public static PanelRegistry of(List<PanelSpec> specs) {
        Map<String, PanelSpec> byId = new LinkedHashMap<>();
        for (PanelSpec s : specs) {
            if (byId.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("Two panels have the id \"" + s.id() + "\"; each id names one"
                        + " panel");
            }
        }
        return new PanelRegistry(byId);
    }

    /** Every panel, in the order the window shows them. */
    public List<PanelSpec> all() {
        return new ArrayList<>(specs.values());
    }

    public Optional<PanelSpec> get(String id) {
        return Optional.ofNullable(specs.get(id));
    }

    /** The ids, in order. */
    public List<String> ids() {
        return List.copyOf(specs.keySet());
    }
}
