package org.seqlab.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.nn.transformer.SinusoidalPositionalEncoding;

/**
 * The numbers of the positional encoding view, read from a {@link Recording}: every positional encoding the pass
 * added — its table (positions × dimensions), whether it is Vaswani's fixed sinusoid or learned, how many
 * positions the input used, and the cosine similarity between positions.
 *
 * <h2>The rule, on the recording</h2>
 * <ol>
 *   <li>a positional encoding is a forward {@code slice} event labelled {@code MODULE/pe} whose input is a
 *       two-dimensional table {@code (maxLen, d)} and whose output is the rows the input used {@code (T, d)}: how
 *       both {@link SinusoidalPositionalEncoding} and {@code LearnedPositionalEmbedding} record themselves
 *       ({@code src_positions/pe}, {@code transformer/wpe/pe}, {@code bert/embeddings/position_embeddings/pe});</li>
 *   <li>it is <b>learned</b> when the recording has a parameter named as the module's state_dict entry,
 *       {@code MODULE} with {@code /} read as {@code .} followed by {@code .weight}
 *       ({@code transformer.wpe.weight}), of that table's shape: the table is that parameter;</li>
 *   <li>otherwise it is <b>sinusoidal</b> when the recorded rows equal the formula
 *       {@code PE(pos, 2i) = sin(pos / 10000^(2i/d))}, {@code PE(pos, 2i+1) = cos(…)} (to 1e-5, float32 rounding):
 *       the table is rebuilt from it; a table that is neither is shown as <b>fixed</b>, from the rows recorded;</li>
 *   <li>at most {@link #MAX_POSITIONS} positions are shown (and at least the input's), from position 0.</li>
 * </ol>
 */
public final class PositionEncodings {

    /** At most this many positions of a table are read (a similarity matrix is its square). */
    public static final int MAX_POSITIONS = 128;

    /** Sinusoidal (Vaswani et al.), learned (GPT, BERT), or another fixed table. */
    public enum Kind { SINUSOIDAL, LEARNED, FIXED }

    /**
     * One positional encoding.
     *
     * @param name the module ({@code src_positions}, {@code transformer/wpe})
     * @param kind sinusoidal, learned or fixed
     * @param parameter the state_dict name of a learned table, or null
     * @param maxLength the table's rows (the longest sequence the model takes)
     * @param dim d, the table's columns
     * @param positions the rows read here, {@code min(maxLength, max(used, MAX_POSITIONS))}
     * @param used how many positions the input used (T)
     * @param table {@code positions × dim} row-major
     * @param similarity {@code positions × positions} row-major: the cosine similarity of position i and j
     * @param eventIndex the trace index of the {@code pe} event
     */
    public record Encoding(String name, Kind kind, String parameter, int maxLength, int dim, int positions, int used,
                           double[] table, double[] similarity, int eventIndex) {
        public Encoding {
            Objects.requireNonNull(name, "name");
            if (table.length != positions * dim || similarity.length != positions * positions) {
                throw new IllegalArgumentException(name + ": " + positions + " positions × " + dim + " dims need as"
                        + " many values and a " + positions + " × " + positions + " similarity; got " + table.length
                        + " and " + similarity.length);
            }
            table = table.clone();
            similarity = similarity.clone();
        }

        @Override
        public double[] table() {
            return table.clone();
        }

        @Override
        public double[] similarity() {
            return similarity.clone();
        }

        public double value(int position, int d) {
            return table[position * dim + d];
        }

        public double similarity(int i, int j) {
            return similarity[i * positions + j];
        }

        /** The table as positions × dim rows. */
        public double[][] tableRows() {
            double[][] m = new double[positions][];
            for (int p = 0; p < positions; p++) {
                m[p] = Arrays.copyOfRange(table, p * dim, (p + 1) * dim);
            }
            return m;
        }

        /** The similarity as positions × positions rows. */
        public double[][] similarityRows() {
            double[][] m = new double[positions][];
            for (int p = 0; p < positions; p++) {
                m[p] = Arrays.copyOfRange(similarity, p * positions, (p + 1) * positions);
            }
            return m;
        }
    }

    private final List<Encoding> encodings;

    private PositionEncodings(List<Encoding> encodings) {
        this.encodings = List.copyOf(encodings);
    }

    /** Every positional encoding of the recording's forward pass, in the order they ran (each module once). */
    public static PositionEncodings of(Recording recording) {
        Objects.requireNonNull(recording, "recording");
        List<Encoding> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TraceEvent e : recording.trace().events()) {
            if (e.phase() != Phase.FORWARD || !"slice".equals(e.op()) || !e.label().endsWith("/pe")
                    || e.inputShapes().size() != 1 || e.inputShapes().get(0).rank() != 2
                    || e.value().rank() != 2) {
                continue;
            }
            String module = e.label().substring(0, e.label().length() - "/pe".length());
            if (seen.add(module)) {
                out.add(read(module, e, recording.parameters()));
            }
        }
        return new PositionEncodings(out);
    }

    private static Encoding read(String module, TraceEvent e, Map<String, Tensor> parameters) {
        int maxLen = Math.toIntExact(e.inputShapes().get(0).size(0));
        int dim = Math.toIntExact(e.inputShapes().get(0).size(1));
        int used = Math.toIntExact(e.value().size(0));
        int positions = Math.min(maxLen, Math.max(used, MAX_POSITIONS));
        double[] rows = e.value().toDoubleArray();        // used × dim
        String parameter = module.replace('/', '.') + ".weight";
        Tensor learned = parameters.get(parameter);
        Kind kind;
        double[] table;
        if (learned != null && learned.rank() == 2 && learned.size(0) == maxLen && learned.size(1) == dim) {
            kind = Kind.LEARNED;
            double[] all = learned.toDoubleArray();
            table = Arrays.copyOf(all, positions * dim);
        } else {
            parameter = null;
            double[] formula = new double[positions * dim];
            for (int p = 0; p < positions; p++) {
                for (int d = 0; d < dim; d++) {
                    formula[p * dim + d] = SinusoidalPositionalEncoding.value(p, d, dim);
                }
            }
            boolean matches = true;
            for (int i = 0; i < rows.length && matches; i++) {
                matches = Math.abs(rows[i] - formula[i]) <= 1e-5;
            }
            if (matches) {
                kind = Kind.SINUSOIDAL;
                table = formula;
            } else {
                kind = Kind.FIXED;
                positions = used;
                table = rows;
            }
        }
        return new Encoding(module, kind, parameter, maxLen, dim, positions, used, table,
                cosineSimilarity(table, positions, dim), e.index());
    }

    /** {@code s[i][j] = p_i · p_j / (|p_i| |p_j|)}; 0 where a row is all zeros. */
    static double[] cosineSimilarity(double[] table, int positions, int dim) {
        double[] norm = new double[positions];
        for (int p = 0; p < positions; p++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                double v = table[p * dim + d];
                s += v * v;
            }
            norm[p] = Math.sqrt(s);
        }
        double[] sim = new double[positions * positions];
        for (int i = 0; i < positions; i++) {
            for (int j = i; j < positions; j++) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += table[i * dim + d] * table[j * dim + d];
                }
                double s = norm[i] == 0 || norm[j] == 0 ? 0 : dot / (norm[i] * norm[j]);
                sim[i * positions + j] = s;
                sim[j * positions + i] = s;
            }
        }
        return sim;
    }

    public List<Encoding> encodings() {
        return encodings;
    }

    public boolean isEmpty() {
        return encodings.isEmpty();
    }

    public Optional<Encoding> encoding(String name) {
        return encodings.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
