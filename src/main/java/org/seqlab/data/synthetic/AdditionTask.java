package org.seqlab.data.synthetic;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.data.corpus.ParallelText;
import org.seqlab.data.corpus.TextPair;

/**
 * Addition as text: {@code "12+345" -> "357"}. Per example and operand: a digit count uniform in
 * {@code [minDigits, maxDigits]}, then the digits (the first not 0 unless the number has one digit).
 * Written as a parallel TSV.
 *
 * @param minDigits fewest digits of an operand (at least 1)
 * @param maxDigits most digits of an operand
 */
public record AdditionTask(int minDigits, int maxDigits) implements SyntheticTask<TextPair> {

    /** Validates the digit range. */
    public AdditionTask {
        Sizes.range("Addition", "digit count", minDigits, maxDigits, 1);
    }

    @Override
    public List<TextPair> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<TextPair> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            String a = number(random);
            String b = number(random);
            out.add(new TextPair(a + "+" + b, new BigInteger(a).add(new BigInteger(b)).toString()));
        }
        return out;
    }

    private String number(SplittableRandom random) {
        int digits = Sizes.between(random, minDigits, maxDigits);
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append((char) ('0' + (i == 0 && digits > 1 ? 1 + random.nextInt(9) : random.nextInt(10))));
        }
        return sb.toString();
    }

    @Override
    public void write(Path file, List<TextPair> examples) {
        ParallelText.write(file, examples);
    }
}
