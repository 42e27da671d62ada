package org.seqlab.model.templates;

/** A template that is one config preset under a name: the name, the summary and the config it builds from. */
abstract class PresetTemplate<C> implements Template {
    private final String name;
    private final String summary;
    private final C config;

    PresetTemplate(String name, String summary, C config) {
        this.name = name;
        this.summary = summary;
        this.config = config;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    /** The preset this template builds its graph from. */
    public final C config() {
        return config;
    }
}
