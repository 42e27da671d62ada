package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.LabelledText;

/**
 * Parity of bit strings: {@code "10110"} has three ones, label 1 ({@code odd}); an even count is label 0
 * ({@code even}). Per example: a length uniform in {@code [minLength, maxLength]}, then each bit fair.
 * Written as a labelled TSV ({@code text\tlabel}, labels by name).
 *
 * @param minLength shortest string (at least 1)
 * @param maxLength longest string
 */
public record ParityTask(int minLength, int maxLength) implements SyntheticTask<LabelledExample> {
    /** Label names by id. */
    public static final List<String> LABELS = List.of("even", "odd");

    /** Validates the length range. */
    public ParityTask {
        Sizes.range("Parity", "length", minLength, maxLength, 1);
    }

    @Override
    public List<LabelledExample> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledExample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int length = Sizes.between(random, minLength, maxLength);
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(random.nextBoolean() ? '1' : '0');
            }
            String bits = sb.toString();
            out.add(new LabelledExample(bits, parity(bits)));
        }
        return out;
    }

    /** 1 when {@code bits} holds an odd number of {@code '1'}, else 0. */
    public static int parity(String bits) {
        return (int) (bits.chars().filter(c -> c == '1').count() % 2);
    }

    @Override
    public void write(Path file, List<LabelledExample> examples) {
        LabelledText.write(file, examples, LABELS);
    }
}
