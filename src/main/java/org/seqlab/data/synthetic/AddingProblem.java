package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.data.corpus.CorpusException;
import org.seqlab.data.corpus.DelimitedFile;

/**
 * The adding problem (Hochreiter and Schmidhuber 1997; as in Le, Jaitly and Hinton 2015): two sequences of
 * {@code length} steps, values uniform in {@code [0, 1)} and markers that are 0 except at two steps, one in
 * the first half and one in the second half; the target is the sum of the two marked values. A model must
 * carry the first marked value across about {@code length / 2} steps, which shows vanishing gradients as the
 * length grows. Per example: the values in order, then the first marker's step, then the second's.
 *
 * <p>Written as a TSV with a header {@code values\tmarkers\ttarget} (space-separated numbers, values in
 * Java's shortest exact decimal form) that {@link #read} reads back exactly.
 *
 * @param length the number of steps (at least 2)
 */
public record AddingProblem(int length) implements SyntheticTask<AddingProblem.Example> {

    /** One sequence: values, markers (0 or 1, exactly two ones) and the target. */
    public record Example(double[] values, int[] markers, double target) {
        /** Copies the arrays. */
        public Example {
            values = values.clone();
            markers = markers.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public int[] markers() {
            return markers.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Example e && Arrays.equals(values, e.values) && Arrays.equals(markers, e.markers)
                    && Double.compare(target, e.target) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(values) + Arrays.hashCode(markers)) + Double.hashCode(target);
        }

        @Override
        public String toString() {
            return "Example[values=" + Arrays.toString(values) + ", markers=" + Arrays.toString(markers) + ", target="
                    + target + "]";
        }
    }

    /** Validates the length. */
    public AddingProblem {
        Sizes.range("The adding problem", "length", length, length, 2);
    }

    @Override
    public List<Example> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        int half = length / 2;
        List<Example> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextDouble();
            }
            int first = random.nextInt(half);
            int second = half + random.nextInt(length - half);
            int[] markers = new int[length];
            markers[first] = 1;
            markers[second] = 1;
            out.add(new Example(values, markers, values[first] + values[second]));
        }
        return out;
    }

    @Override
    public void write(Path file, List<Example> examples) {
        List<List<String>> rows = new ArrayList<>(examples.size());
        for (Example e : examples) {
            StringBuilder v = new StringBuilder();
            StringBuilder m = new StringBuilder();
            for (int i = 0; i < e.values.length; i++) {
                v.append(i == 0 ? "" : " ").append(e.values[i]);
                m.append(i == 0 ? "" : " ").append(e.markers[i]);
            }
            rows.add(List.of(v.toString(), m.toString(), Double.toString(e.target)));
        }
        DelimitedFile.write(file, List.of("values", "markers", "target"), rows, '\t');
    }

    /** Reads a file {@link #write} wrote; refuses a row that is not two equally long sequences and a number. */
    public static List<Example> read(Path file) {
        List<DelimitedFile.Row> rows = DelimitedFile.read(file, '\t');
        if (rows.isEmpty() || !rows.get(0).fields().equals(List.of("values", "markers", "target"))) {
            throw new CorpusException(file, 1, "the header values\\tmarkers\\ttarget",
                    rows.isEmpty() ? "an empty file" : rows.get(0).fields().toString(),
                    "write the file with AddingProblem.write");
        }
        List<Example> out = new ArrayList<>(rows.size() - 1);
        for (DelimitedFile.Row row : rows.subList(1, rows.size())) {
            try {
                if (row.size() != 3) {
                    throw new NumberFormatException(row.size() + " fields instead of 3");
                }
                String[] v = row.field(0).split(" ");
                String[] m = row.field(1).split(" ");
                if (v.length != m.length) {
                    throw new NumberFormatException(v.length + " values but " + m.length + " markers");
                }
                double[] values = new double[v.length];
                int[] markers = new int[m.length];
                for (int i = 0; i < v.length; i++) {
                    values[i] = Double.parseDouble(v[i]);
                    markers[i] = Integer.parseInt(m[i]);
                }
                out.add(new Example(values, markers, Double.parseDouble(row.field(2))));
            } catch (NumberFormatException e) {
                throw new CorpusException(file, row.line(), "space-separated values, as many 0/1 markers and a target"
                        + " number, separated by tabs", e.getMessage(), "regenerate the file with AddingProblem.write");
            }
        }
        return out;
    }
}
