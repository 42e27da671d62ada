package org.seqlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.seqlab.model.spec.GraphJson;
import org.seqlab.model.templates.Template;
import org.seqlab.model.templates.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seqlab templates [NAME]}: lists the templates, or prints one's graph JSON. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = {"Lists the model templates, one per line (the name first, then what it is).",
            "With a NAME, prints that template's graph JSON to standard output, ready for 'seqlab trace --model'."})
public final class TemplatesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A template name.")
    private String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            int width = Templates.all().stream().mapToInt(t -> t.name().length()).max().orElse(10);
            for (Template t : Templates.all()) {
                out.printf(Locale.ROOT, "%-" + width + "s  %s%n", t.name(), t.summary());
            }
        } else {
            out.print(GraphJson.toJson(Templates.get(name).graph()));
        }
        out.flush();
        return 0;
    }
}
