package org.seqlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.check.GradCase;
import org.seqlab.autograd.check.GradCheck;
import org.seqlab.autograd.ops.OpChecks;
import org.seqlab.autograd.ops.Ops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seqlab gradcheck}: the catalogue's float64 gradient checks, one row per op and case. */
@Command(
        name = "gradcheck",
        mixinStandardHelpOptions = true,
        description = {
            "Checks every op's analytic gradient against float64 central differences over its grid of shapes"
                + " and options, printing one row per case and a summary. Exit status 1 if any case fails."
        })
public final class GradcheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--op", paramLabel = "NAME", split = ",",
            description = "Check only these ops (catalogue names, e.g. matmul,softmax). Default: all.")
    private List<String> ops = new ArrayList<>();

    @Option(names = "--tolerance", paramLabel = "REL", defaultValue = "1e-6",
            description = "Largest relative error that passes (default: ${DEFAULT-VALUE}).")
    private double tolerance;

    @Option(names = "--rules", description = "Print the catalogue (each op's gradient rule, the composed calls and"
            + " what has no gradient) instead of checking.")
    private boolean rules;

    @Option(names = "--verbose", description = "For failing cases, print analytic and numeric values side by side.")
    private boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (rules) {
            printRules(out);
            return 0;
        }
        for (String op : ops) {
            if (Ops.find(op).isEmpty()) {
                throw new SeqLabException("Unknown op '" + op + "' in --op: expected catalogue names such as "
                        + "matmul, softmax, layer_norm. Run 'seqlab gradcheck --rules' to list them.");
            }
        }
        if (!(tolerance > 0)) {
            throw new SeqLabException("--tolerance must be a positive number; found " + tolerance + ".");
        }
        GradCheck.Options options = GradCheck.Options.defaults().withTolerance(tolerance);
        out.printf(Locale.ROOT, "%-14s %-52s %14s  %s%n", "op", "shapes / options", "max rel err", "result");
        int passed = 0;
        int failed = 0;
        long start = System.nanoTime();
        for (GradCase c : OpChecks.all()) {
            if (!ops.isEmpty() && !ops.contains(c.op())) {
                continue;
            }
            GradCheck.Result r = GradCheck.check(c.op() + " " + c.description(), c.f(), c.inputs(), options);
            boolean ok = r.passed();
            out.printf(Locale.ROOT, "%-14s %-52s %14.3e  %s%n", c.op(), c.description(), r.maxRelError(),
                    ok ? "pass" : "FAIL");
            if (!ok && verbose) {
                out.print(r.report());
            }
            if (ok) {
                passed++;
            } else {
                failed++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%n%d cases: %d passed, %d failed (tolerance %.1e, float64 central differences, %.1f s)%n",
                passed + failed, passed, failed, tolerance, seconds);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static void printRules(PrintWriter out) {
        out.println("Differentiable ops (g = dL/d(output), y = output):");
        for (Ops.Entry e : Ops.DIFFERENTIABLE) {
            out.printf(Locale.ROOT, "  %-14s %s%n", e.name(), e.rule());
        }
        out.println();
        out.println("Composed (gradient from their parts):");
        for (Ops.Composed c : Ops.COMPOSED) {
            out.printf(Locale.ROOT, "  %-32s = %s%n", c.name(), c.of());
        }
        out.println();
        out.println("No gradient:");
        for (Ops.NoGradient n : Ops.NO_GRADIENT) {
            out.printf(Locale.ROOT, "  %-40s %s%n", n.name(), n.why());
        }
        out.flush();
    }
}
