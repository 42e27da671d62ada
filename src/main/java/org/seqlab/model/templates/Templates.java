package org.seqlab.model.templates;

import java.util.List;
import java.util.Optional;
import org.seqlab.model.graph.GraphException;

/** Every template SeqLab ships, in curriculum order. */
public final class Templates {
    private Templates() {
    }

    public static List<Template> all() {
        return List.of();
    }

    public static Optional<Template> find(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The template of that name, or an error listing the names. */
    public static Template get(String name) {
        return find(name).orElseThrow(() -> new GraphException("There is no template '" + name + "'. Templates: "
                + all().stream().map(Template::name).toList() + " (run 'seqlab templates' to list them)."));
    }
}
