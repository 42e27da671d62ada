package org.seqlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.seqlab.lesson.Experiment;
import org.seqlab.lesson.Experiments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seqlab experiments [ID]}: the curriculum's experiments, or one in full. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = {"Lists the nine experiments of the curriculum (id, title, model, default steps).",
            "With an ID, prints its lesson, the data it takes and its settings (--variant key=value,...)."})
public final class ExperimentsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "An experiment id (01 … 09).")
    private String id;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "Language of the texts: en or zh (default: ${DEFAULT-VALUE}).")
    private String lang;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Locale locale = lang.startsWith("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        if (id == null) {
            for (Experiment e : Experiments.all()) {
                out.printf(Locale.ROOT, "%s  %-58s %-22s %5d steps%n", e.id(), e.title().in(locale), e.template(),
                        e.defaultSteps());
            }
            out.println();
            out.println("seqlab experiments ID  shows one; seqlab train --experiment ID  trains it.");
        } else {
            Experiment e = Experiments.get(id);
            out.println(e.id() + "  " + e.title().in(locale));
            out.println();
            out.println(e.lesson().in(locale));
            out.println();
            out.println("model:    " + e.template());
            out.println("steps:    " + e.defaultSteps());
            out.println("panels:   " + String.join(", ", e.panels()));
            out.println("data:     " + e.dataHelp().in(locale));
            out.println("settings (--variant key=value,...):");
            new TreeMap<>(e.variants()).forEach((k, v) -> out.println("  " + k + " = " + v));
        }
        out.flush();
        return 0;
    }
}
